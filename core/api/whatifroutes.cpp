// What-if questions over HTTP (core/whatif through the client queries): the reward, its verdict
// and break-evens with an optional sensitivity sweep (viewer: cheap, no state), and the policy
// replay of the RLController's decision log under other settings (analyst: CPU work). The
// replay copies the log on the engine thread (bounded: queries::kMaxReplayDecisions) and runs
// on the thread pool, a few at a time, so the engine never waits for it.
#include <atomic>

#include "api/apiservice.h"
#include "api/enginehost.h"
#include "api/jsonbody.h"
#include "api/router.h"
#include "common/strictjson.h"
#include "engine/bandit.h"
#include "formulas/formulas.h"

namespace orch::api {

namespace {

constexpr int kMaxConcurrentReplays = 2;
std::atomic_int g_replays { 0 };

nlohmann::json bodyOf(const Call& call)
{
    requireJsonContent(call.request());
    const QByteArray& body = call.request().body;
    return parseJson(std::string_view(body.constData(), std::size_t(body.size())));
}

void rewardWhatIf(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    const nlohmann::json doc = bodyOf(call);
    FieldReader r(doc);
    RewardWhatIfRequest request;
    request.deltaVisibility = r.number("deltaVisibility");
    request.deltaRevenue = r.number("deltaRevenue");
    request.apiCost = r.number("apiCost");
    if (request.apiCost < 0)
        r.fail("out_of_range", "apiCost", QStringLiteral("must be >= 0"));
    request.minRewardThreshold = r.optionalNumber("minRewardThreshold");
    if (request.minRewardThreshold && *request.minRewardThreshold < 0)
        r.fail("out_of_range", "minRewardThreshold", QStringLiteral("must be >= 0"));
    if (const nlohmann::json* s = r.optionalValue("sensitivity")) {
        FieldReader sr(*s, r.pathOf("sensitivity"));
        RewardWhatIfRequest::Sweep sweep;
        sweep.input = sr.string("input", 32);
        sweep.from = sr.number("from");
        sweep.to = sr.number("to");
        sweep.steps = int(sr.optionalInteger("steps", 2, 10001).value_or(sweep.steps));
        sr.finish();
        request.sensitivity = sweep;
    }
    r.finish();
    const double minReward = call.service().engine().snapshot()->status.governance.rewardThreshold;
    const double threshold = minReward > 0 ? minReward : formulas::kDefaultMinRewardThreshold;
    auto answer = queries::rewardWhatIf(request, threshold);
    call.json(take(std::move(answer)));
}

void replay(const Call& call)
{
    QueryReader q(call.request());
    q.finish();
    const nlohmann::json doc = bodyOf(call);
    FieldReader r(doc);
    PolicyReplayRequest request;
    request.target = r.optionalString("target", 16).value_or(request.target);
    if (request.target != QLatin1String("adaptive") && request.target != QLatin1String("static"))
        r.fail("invalid_value", "target",
               QStringLiteral("must be \"adaptive\" or \"static\", got \"%1\"").arg(request.target));
    if (const nlohmann::json* s = r.optionalValue("settings")) {
        FieldReader sr(*s, r.pathOf("settings"));
        request.learningRate = sr.optionalNumber("learningRate");
        request.confidenceGate = sr.optionalNumber("confidenceGate");
        request.exploration = sr.optionalNumber("exploration");
        request.minProbability = sr.optionalNumber("minProbability");
        request.minRewardMultiple = sr.optionalNumber("minRewardMultiple");
        sr.finish();
    }
    if (const nlohmann::json* c = r.optionalValue("costs")) {
        if (!c->is_object())
            r.fail("invalid_type", "costs", QStringLiteral("must be an object of action: US dollars"));
        FieldReader cr(*c, r.pathOf("costs"));
        for (const QString& action : bandit::actions()) {
            const std::string key = action.toStdString();
            if (auto cost = cr.optionalNumber(key.c_str())) {
                if (*cost < 0)
                    cr.fail("out_of_range", key.c_str(), QStringLiteral("must be >= 0"));
                request.costs.emplace(action, *cost);
            }
        }
        cr.finish();
    }
    if (const nlohmann::json* p = r.optionalValue("policy")) {
        if (!p->is_object())
            r.fail("invalid_type", "policy", QStringLiteral("must be an object, got ") + json::typeName(*p));
        request.policy = *p;
    }
    request.since = r.optionalTime("since");
    request.until = r.optionalTime("until");
    if (auto n = r.optionalInteger("minRewardedDecisions", 2, 1'000'000))
        request.minRewardedDecisions = int(*n);
    request.minEffectiveSampleSize = r.optionalNumber("minEffectiveSampleSize");
    request.minEffectiveSampleFraction = r.optionalNumber("minEffectiveSampleFraction");
    r.finish();

    if (g_replays.fetch_add(1) >= kMaxConcurrentReplays) {
        g_replays.fetch_sub(1);
        ApiError e;
        e.status = 503;
        e.code = "unavailable";
        e.message = QStringLiteral("%1 policy replays are running: try again when one has finished")
                        .arg(kMaxConcurrentReplays);
        e.headers.emplace_back("Retry-After", "5");
        throw e;
    }
    // Released when the last copy of the call's work is gone, answered or not.
    auto slot = std::shared_ptr<void>(nullptr, [](void*) { g_replays.fetch_sub(1); });
    call.onEngine([request, slot](EngineHost& engine, const Call& call) {
        auto prepared = std::make_shared<queries::PreparedReplay>(
            take(queries::prepareReplay(engineQueries(engine), request)));
        call.onPool([prepared, slot](const Call& call) {
            call.json(take(queries::runReplay(std::move(*prepared))));
        });
    });
}

} // namespace

void registerWhatIfRoutes(ApiService& service)
{
    Router& r = service.router();
    r.add("POST", QStringLiteral("/api/v1/whatif/reward"), Role::Viewer, rewardWhatIf);
    r.add("POST", QStringLiteral("/api/v1/whatif/replay"), Role::Analyst, replay);
}

} // namespace orch::api
