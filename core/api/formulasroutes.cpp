// SPEC.md's three endpoints. They never wait for the engine thread: the formulas are pure and
// the status is the snapshot the engine last published.
#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"
#include "formulas/formulas.h"

namespace orch::api {

namespace {

// Numbers echoed as the client wrote them: an integer stays an integer (README, note 4).
nlohmann::ordered_json echo(const nlohmann::json& v)
{
    if (v.is_number_unsigned())
        return v.get<std::uint64_t>();
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    return v.get<double>();
}

nlohmann::json readBody(const Call& call)
{
    const HttpRequest& request = call.request();
    requireJsonContent(request);
    return parseJson(std::string_view(request.body.constData(), std::size_t(request.body.size())));
}

void status(const Call& call)
{
    call.rawJson(call.service().engine().snapshot()->statusBody);
}

void driftCheck(const Call& call)
{
    const nlohmann::json body = readBody(call);
    FieldReader r(body);
    const double featureStdDev = r.number("featureStdDev");
    const double threshold = r.optionalNumber("threshold").value_or(formulas::kDefaultDriftThreshold);
    r.finish();
    if (featureStdDev < 0)
        r.fail("out_of_range", "featureStdDev", QStringLiteral("must be >= 0 (a standard deviation)"));
    if (threshold < 0)
        r.fail("out_of_range", "threshold", QStringLiteral("must be >= 0"));
    auto check = formulas::checkDrift(featureStdDev, threshold);
    if (!check)
        throw badRequest("invalid_value", check.error(), QStringLiteral("$"));
    call.json(formulas::driftCheckJson(*check));
}

void rewardCalculate(const Call& call)
{
    const nlohmann::json body = readBody(call);
    FieldReader r(body);
    const double deltaVisibility = r.number("deltaVisibility");
    const double deltaRevenue = r.number("deltaRevenue");
    const double apiCost = r.number("apiCost");
    r.finish();
    if (apiCost < 0)
        r.fail("out_of_range", "apiCost", QStringLiteral("must be >= 0"));
    // The governance guardrail of the running spec (SPEC's 1.2x unless --spec says otherwise).
    const double minReward = call.service().engine().snapshot()->status.governance.rewardThreshold;
    auto result = formulas::calculateReward(deltaVisibility, deltaRevenue, apiCost,
                                            minReward > 0 ? minReward : formulas::kDefaultMinRewardThreshold);
    if (!result) {
        ApiError e = badRequest("out_of_range", result.error(), QStringLiteral("$"));
        throw e;
    }
    const nlohmann::ordered_json inputs { { "deltaVisibility", echo(r.raw("deltaVisibility")) },
                                          { "deltaRevenue", echo(r.raw("deltaRevenue")) },
                                          { "apiCost", echo(r.raw("apiCost")) } };
    call.json(formulas::rewardJson(*result, inputs));
}

} // namespace

void registerFormulaRoutes(ApiService& service)
{
    Router& r = service.router();
    r.add("GET", QStringLiteral("/api/orchestrator/status"), Role::Viewer, status);
    r.add("POST", QStringLiteral("/api/orchestrator/drift/check"), Role::Viewer, driftCheck);
    r.add("POST", QStringLiteral("/api/orchestrator/reward/calculate"), Role::Viewer, rewardCalculate);
}

} // namespace orch::api
