#include "learning/weightposterior.h"

#include <algorithm>
#include <limits>

#include <QSet>

#include "common/strictjson.h"
#include "learning/jsonfields.h"

namespace orch::learning {

nlohmann::ordered_json WeightPosterior::toJson() const
{
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const CoefficientPosterior& c : coefficients)
        list.push_back({ { "name", c.name.toStdString() },
                         { "mean", c.mean },
                         { "sd", c.sd },
                         { "ci95", { { "low", c.ci95Low }, { "high", c.ci95High } } } });
    nlohmann::ordered_json j;
    j["version"] = version.toStdString();
    j["time"] = formatIso(time).toStdString();
    j["coefficients"] = std::move(list);
    j["degreesOfFreedom"] = degreesOfFreedom;
    j["sampleCount"] = sampleCount;
    j["confidence"] = confidence;
    j["confidenceFloor"] = confidenceFloor;
    j["published"] = published;
    j["shift"] = { { "tested", shift.tested },
                   { "detected", shift.detected },
                   { "statistic", shift.statistic },
                   { "rank", shift.rank },
                   { "degreesOfFreedom", shift.degreesOfFreedom },
                   { "pValue", shift.pValue },
                   { "reason", shift.reason.toStdString() } };
    return j;
}

Result<WeightPosterior> WeightPosterior::fromJson(const nlohmann::json& document)
{
    QStringList errors;
    detail::FieldReader root(&document, QString(), &errors);
    WeightPosterior w;
    if (const auto v = root.string("version"))
        w.version = *v;
    if (const auto t = root.string("time")) {
        if (const auto parsed = parseIsoUtc(*t))
            w.time = *parsed;
        else
            root.error("time", QStringLiteral("must be an ISO-8601 UTC time, got \"%1\"").arg(*t));
    }
    if (const nlohmann::json* list = root.array("coefficients")) {
        if (list->empty())
            root.error("coefficients", QStringLiteral("must not be empty"));
        QSet<QString> names;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const QString path = json::joinIndex(root.pathOf("coefficients"), i);
            detail::FieldReader c(&(*list)[i], path, &errors);
            const auto name = c.string("name");
            const auto mean = c.number("mean");
            const auto sd = c.number("sd", 0.0);
            detail::FieldReader ci(c.object("ci95"), c.pathOf("ci95"), &errors);
            const auto low = ci.number("low");
            const auto high = ci.number("high");
            ci.finish();
            c.finish();
            if (name) {
                if (names.contains(*name))
                    c.error("name", QStringLiteral("\"%1\" appears twice").arg(*name));
                names.insert(*name);
            }
            if (mean && low && high && !(*low <= *mean && *mean <= *high))
                ci.error(
                    "low",
                    QStringLiteral("the interval [%1, %2] must contain the mean %3")
                        .arg(detail::numberText(*low), detail::numberText(*high), detail::numberText(*mean)));
            if (name && mean && sd && low && high)
                w.coefficients.push_back({ *name, *mean, *sd, *low, *high });
        }
    }
    if (const auto v = root.number("degreesOfFreedom", 0.0, {}, true))
        w.degreesOfFreedom = *v;
    if (const auto v = root.integer("sampleCount", 0))
        w.sampleCount = *v;
    if (const auto v = root.number("confidence", 0.0, 1.0))
        w.confidence = *v;
    if (const auto v = root.number("confidenceFloor", 0.0, 1.0))
        w.confidenceFloor = *v;
    if (const auto v = root.boolean("published"))
        w.published = *v;
    {
        detail::FieldReader s(root.object("shift"), root.pathOf("shift"), &errors);
        if (const auto v = s.boolean("tested"))
            w.shift.tested = *v;
        if (const auto v = s.boolean("detected"))
            w.shift.detected = *v;
        if (const auto v = s.number("statistic", 0.0))
            w.shift.statistic = *v;
        if (const auto v = s.integer("rank", 0))
            w.shift.rank = int(std::min<qint64>(*v, std::numeric_limits<int>::max()));
        if (const auto v = s.number("degreesOfFreedom", 0.0))
            w.shift.degreesOfFreedom = *v;
        if (const auto v = s.number("pValue", 0.0, 1.0))
            w.shift.pValue = *v;
        if (const auto v = s.string("reason", /*mayBeEmpty=*/true))
            w.shift.reason = *v;
        s.finish();
        if (w.shift.detected && !w.shift.tested)
            s.error("detected", QStringLiteral("cannot be true when tested is false"));
    }
    root.finish();
    if (!errors.isEmpty())
        return fail(errors.join(u'\n'));
    return w;
}

} // namespace orch::learning
