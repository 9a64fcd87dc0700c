#include "engine/bandit.h"

#include <algorithm>
#include <cmath>

namespace orch::bandit {

const QStringList& actions()
{
    static const QStringList names { QStringLiteral("none"), QStringLiteral("schema"), QStringLiteral("ugc"),
                                     QStringLiteral("geo"), QStringLiteral("cwv") };
    return names;
}

int actionIndex(const QString& name)
{
    return int(actions().indexOf(name));
}

Status Settings::validate() const
{
    const auto bad = [](const char* field, double v, const char* why) {
        return fail(QStringLiteral("%1 = %2: %3")
                        .arg(QLatin1String(field), QString::number(v, 'g', 17), QLatin1String(why)));
    };
    if (!(learningRate > 0 && learningRate <= 1))
        return bad("learningRate", learningRate, "must be in (0, 1]");
    if (!(confidenceGate >= 0 && confidenceGate <= 1))
        return bad("confidenceGate", confidenceGate, "must be in [0, 1]");
    if (!(exploration > 0 && exploration <= 1))
        return bad("exploration", exploration, "must be in (0, 1]");
    if (!(minProbability > 0 && minProbability <= 1.0 / kActionCount))
        return bad("minProbability", minProbability, "must be in (0, 0.2] (five actions)");
    if (exploration / kActionCount < minProbability * (1 - 1e-12))
        return fail(
            QStringLiteral("exploration = %1 gives each of the %2 actions %3, below minProbability = %4: "
                           "raise exploration to at least %5")
                .arg(exploration)
                .arg(kActionCount)
                .arg(exploration / kActionCount)
                .arg(minProbability)
                .arg(minProbability * kActionCount));
    if (!(minRewardMultiple >= 0 && std::isfinite(minRewardMultiple)))
        return bad("minRewardMultiple", minRewardMultiple, "must be a finite number >= 0");
    return success();
}

nlohmann::json Settings::toJson() const
{
    return { { "learningRate", learningRate },
             { "confidenceGate", confidenceGate },
             { "exploration", exploration },
             { "minProbability", minProbability },
             { "minRewardMultiple", minRewardMultiple } };
}

void ValueTable::update(const QString& context, int action, double reward, double learningRate)
{
    if (action < 0 || action >= kActionCount || !std::isfinite(reward))
        return;
    Arm& a = m_arms[context][std::size_t(action)];
    a.n += 1;
    const double step = std::max(learningRate, 1.0 / a.n);
    const double delta = reward - a.mean;
    a.mean += step * delta;
    a.variance = (1 - step) * (a.variance + step * delta * delta);
    ++m_observations;
}

Arms ValueTable::arms(const QString& context) const
{
    const auto it = m_arms.find(context);
    return it == m_arms.end() ? Arms {} : it->second;
}

QStringList ValueTable::contexts() const
{
    QStringList out;
    for (const auto& [context, arms] : m_arms)
        out.append(context);
    return out;
}

void ValueTable::clear()
{
    m_arms.clear();
    m_observations = 0;
}

nlohmann::json ValueTable::toJson() const
{
    nlohmann::json contexts = nlohmann::json::object();
    for (const auto& [context, arms] : m_arms) {
        nlohmann::json c = nlohmann::json::object();
        for (int i = 0; i < kActionCount; ++i) {
            const Arm& a = arms[std::size_t(i)];
            c[actions()[i].toStdString()] = { { "n", a.n }, { "mean", a.mean }, { "variance", a.variance } };
        }
        contexts[context.toStdString()] = c;
    }
    return { { "observations", m_observations }, { "contexts", contexts } };
}

Result<ValueTable> ValueTable::fromJson(const nlohmann::json& json)
{
    ValueTable table;
    if (!json.is_object() || !json.contains("contexts") || !json["contexts"].is_object())
        return fail(QStringLiteral("value table: \"contexts\" must be an object"));
    if (json.contains("observations") && json["observations"].is_number_integer())
        table.m_observations = json["observations"].get<qint64>();
    for (const auto& [context, arms] : json["contexts"].items()) {
        if (!arms.is_object())
            return fail(QStringLiteral("value table: context \"%1\" must be an object")
                            .arg(QString::fromStdString(context)));
        Arms parsed {};
        for (const auto& [name, arm] : arms.items()) {
            const int index = actionIndex(QString::fromStdString(name));
            const auto number = [&](const char* field) -> std::optional<double> {
                if (!arm.is_object() || !arm.contains(field) || !arm[field].is_number())
                    return std::nullopt;
                const double v = arm[field].get<double>();
                return std::isfinite(v) ? std::optional(v) : std::nullopt;
            };
            const auto n = number("n"), mean = number("mean"), variance = number("variance");
            if (index < 0 || !n || !mean || !variance || *n < 0 || *variance < 0)
                return fail(QStringLiteral("value table: bad arm \"%1\" in context \"%2\"")
                                .arg(QString::fromStdString(name), QString::fromStdString(context)));
            parsed[std::size_t(index)] = Arm { *n, *mean, *variance };
        }
        table.m_arms[QString::fromStdString(context)] = parsed;
    }
    return table;
}

namespace {

double normalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// Squared standard error of an arm's exponentially weighted mean.
double standardError2(const Arm& a, double learningRate)
{
    if (a.n < 2)
        return 0;
    const double nEff = std::min(a.n, (2 - learningRate) / learningRate);
    const double unbiased = a.variance * a.n / (a.n - 1);
    return unbiased / nEff;
}

} // namespace

double confidence(const Arms& arms, int fix, double learningRate)
{
    const Arm& f = arms[std::size_t(fix)];
    if (fix == kNone || f.n < 2)
        return 0;
    const Arm& hold = arms[kNone];
    const double baseline = hold.n >= 2 ? hold.mean : 0.0;
    const double se2
        = standardError2(f, learningRate) + (hold.n >= 2 ? standardError2(hold, learningRate) : 0.0);
    const double diff = f.mean - baseline;
    if (se2 <= 0)
        return diff > 0 ? 1.0 : 0.0;
    return normalCdf(diff / std::sqrt(se2));
}

Choice choose(const ValueTable& values, const QString& context, const Settings& settings,
              std::span<const double, kActionCount> costs)
{
    Choice c;
    const Arms arms = values.arms(context);
    for (int a = 1; a < kActionCount; ++a) {
        if (arms[std::size_t(a)].n >= 1
            && (c.best == kNone || arms[std::size_t(a)].mean > arms[std::size_t(c.best)].mean))
            c.best = a;
    }
    if (c.best == kNone) {
        c.reason = QStringLiteral("hold: no fix has a measured reward yet in context %1").arg(context);
    } else {
        const Arm& best = arms[std::size_t(c.best)];
        c.expectedReward = best.mean;
        c.confidence = confidence(arms, c.best, settings.learningRate);
        const double cost = costs[std::size_t(c.best)];
        const QString name = actions()[c.best];
        if (best.n < 2) {
            c.reason
                = QStringLiteral("hold: %1 has %2 measured reward in context %3; the confidence needs two")
                      .arg(name)
                      .arg(best.n)
                      .arg(context);
        } else if (c.confidence < settings.confidenceGate) {
            c.reason = QStringLiteral(
                           "hold: confidence %1 that %2 beats holding in context %3 is below the %4 gate")
                           .arg(c.confidence, 0, 'f', 3)
                           .arg(name, context)
                           .arg(settings.confidenceGate);
        } else if (!(best.mean > 0 && best.mean + cost >= settings.minRewardMultiple * cost)) {
            c.reason
                = QStringLiteral("hold: %1's expected reward %2 misses the %3x cost threshold in context %4")
                      .arg(name)
                      .arg(best.mean, 0, 'g', 4)
                      .arg(settings.minRewardMultiple)
                      .arg(context);
        } else {
            c.target = c.best;
            c.reason = QStringLiteral("act: %1 in context %2 (confidence %3, expected reward %4)")
                           .arg(name, context)
                           .arg(c.confidence, 0, 'f', 3)
                           .arg(best.mean, 0, 'g', 4);
        }
    }
    const double share = settings.exploration / kActionCount;
    c.probabilities.fill(share);
    c.probabilities[std::size_t(c.target)] += 1 - settings.exploration;
    return c;
}

int draw(const Choice& choice, double u)
{
    double cumulative = 0;
    for (int a = 0; a < kActionCount; ++a) {
        cumulative += choice.probabilities[std::size_t(a)];
        if (u < cumulative)
            return a;
    }
    return choice.target;
}

} // namespace orch::bandit
