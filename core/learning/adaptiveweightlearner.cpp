#include "learning/adaptiveweightlearner.h"

#include <algorithm>
#include <cmath>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include "common/atomicfile.h"
#include "common/strictjson.h"
#include "learning/jsonfields.h"
#include "learning/learninglogging.h"

namespace orch::learning {

namespace {

constexpr char kStateFormat[] = "orch.learning.adaptive-weight-learner/1";
constexpr qint64 kMaxPosteriorFileBytes = 64 * 1024 * 1024;

using detail::numberText;

QString shortNumber(double v)
{
    return QString::number(v, 'g', 4);
}

} // namespace

AdaptiveWeightLearner::AdaptiveWeightLearner(const AdaptiveWeightLearnerSpec& spec, const QStringList& names,
                                             const LearnerOptions& options, BayesianLinearModel model)
    : m_spec(spec)
    , m_names(names)
    , m_options(options)
    , m_model(std::move(model))
{ }

Result<AdaptiveWeightLearner> AdaptiveWeightLearner::create(const AdaptiveWeightLearnerSpec& spec,
                                                            const QStringList& coefficientNames,
                                                            const LearnerOptions& options)
{
    if (coefficientNames.isEmpty())
        return fail(QStringLiteral("coefficient names: at least one is needed"));
    QSet<QString> seen;
    for (qsizetype i = 0; i < coefficientNames.size(); ++i) {
        const QString& name = coefficientNames[i];
        if (name.trimmed().isEmpty())
            return fail(QStringLiteral("coefficient names[%1]: must not be empty").arg(i));
        if (seen.contains(name))
            return fail(QStringLiteral("coefficient names[%1]: \"%2\" appears twice").arg(i).arg(name));
        seen.insert(name);
    }
    if (!(spec.confidenceFloor >= 0 && spec.confidenceFloor <= 1))
        return fail(QStringLiteral("confidenceFloor: must be in [0, 1], got ")
                    + numberText(spec.confidenceFloor));
    if (spec.version.trimmed().isEmpty())
        return fail(QStringLiteral("version: must not be empty"));
    if (!(std::isfinite(options.priorPrecision) && options.priorPrecision > 0))
        return fail(QStringLiteral("priorPrecision: must be a finite number > 0, got ")
                    + numberText(options.priorPrecision));
    if (!(std::isfinite(options.priorShape) && options.priorShape > 1))
        return fail(QStringLiteral("priorShape: must be a finite number > 1 (so every standard deviation is "
                                   "finite), got ")
                    + numberText(options.priorShape));
    if (!(options.shiftLevel > 0 && options.shiftLevel < 1))
        return fail(QStringLiteral("shiftLevel: must be in (0, 1), got ") + numberText(options.shiftLevel));
    if (options.minSamplesForShiftTest < 1)
        return fail(QStringLiteral("minSamplesForShiftTest: must be >= 1, got %1")
                        .arg(options.minSamplesForShiftTest));
    auto model = BayesianLinearModel::create(NormalInverseGammaPrior::weak(
        coefficientNames.size(), options.priorPrecision, options.priorShape, options.priorRate));
    if (!model)
        return Error { model.error() };
    return AdaptiveWeightLearner(spec, coefficientNames, options, std::move(*model));
}

double AdaptiveWeightLearner::confidenceOf(const std::vector<CoefficientMarginal>& marginals)
{
    if (marginals.empty())
        return 0.0;
    double worst = 0.0; // the largest relative half-width
    for (const CoefficientMarginal& c : marginals) {
        const double halfWidth = 0.5 * (c.ci95High - c.ci95Low);
        const double size = std::fabs(c.mean);
        if (!(size > 0) || !std::isfinite(halfWidth))
            return 0.0;
        worst = std::max(worst, halfWidth / size);
    }
    return std::clamp(1.0 - worst, 0.0, 1.0);
}

Result<WeightPosterior> AdaptiveWeightLearner::run(TimeMs at, const std::vector<Observation>& newObservations)
{
    if (m_lastRun && at < *m_lastRun)
        return fail(QStringLiteral("run at %1 is before the previous run at %2")
                        .arg(formatIso(at), formatIso(*m_lastRun)));

    const Eigen::Index p = m_names.size();
    const Eigen::Index n = Eigen::Index(newObservations.size());
    Eigen::MatrixXd x(n, p);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const Observation& o = newObservations[std::size_t(i)];
        if (Eigen::Index(o.features.size()) != p)
            return fail(QStringLiteral("observations[%1]: %2 features, expected %3 (%4)")
                            .arg(i)
                            .arg(o.features.size())
                            .arg(p)
                            .arg(m_names.join(QStringLiteral(", "))));
        for (Eigen::Index j = 0; j < p; ++j) {
            const double v = o.features[std::size_t(j)];
            if (!std::isfinite(v))
                return fail(QStringLiteral("observations[%1].%2: not a finite number (%3)")
                                .arg(i)
                                .arg(m_names[j], numberText(v)));
            x(i, j) = v;
        }
        if (!std::isfinite(o.outcome))
            return fail(QStringLiteral("observations[%1].outcome: not a finite number (%2)")
                            .arg(i)
                            .arg(numberText(o.outcome)));
        y(i) = o.outcome;
    }

    PosteriorShift shift;
    if (n == 0) {
        shift.reason = QStringLiteral("not tested: no new observations");
    } else if (m_model.sampleCount() < m_options.minSamplesForShiftTest) {
        shift.reason
            = QStringLiteral("not tested: the earlier posterior rests on %1 observations, fewer than %2")
                  .arg(m_model.sampleCount())
                  .arg(m_options.minSamplesForShiftTest);
    } else {
        const auto check = m_model.predictiveCheck(x, y);
        if (!check)
            return Error { check.error() };
        shift.tested = true;
        shift.statistic = check->statistic;
        shift.rank = check->rank;
        shift.degreesOfFreedom = check->degreesOfFreedom;
        shift.pValue = check->pValue;
        shift.detected = check->rank > 0 && check->pValue < m_options.shiftLevel;
        const QString test = QStringLiteral("F = %1 on %2 and %3 degrees of freedom, p = %4")
                                 .arg(shortNumber(check->statistic))
                                 .arg(check->rank)
                                 .arg(shortNumber(check->degreesOfFreedom))
                                 .arg(shortNumber(check->pValue));
        if (shift.detected) {
            Eigen::Index moved = 0;
            check->standardizedChange.cwiseAbs().maxCoeff(&moved);
            const double before = m_model.mean()(moved);
            shift.reason
                = QStringLiteral("the new observations are improbable under the earlier posterior (%1 < %2); "
                                 "%3 moved most: %4 -> %5, %6 predictive scales")
                      .arg(test, shortNumber(m_options.shiftLevel), m_names[moved], shortNumber(before),
                           shortNumber(before + check->meanChange(moved)),
                           shortNumber(check->standardizedChange(moved)));
        } else {
            shift.reason = QStringLiteral("consistent with the earlier posterior (%1 >= %2)")
                               .arg(test, shortNumber(m_options.shiftLevel));
        }
    }

    BayesianLinearModel updated = m_model;
    if (shift.detected && m_options.resetOnShift) {
        updated.reset();
        shift.reason += QStringLiteral("; the posterior restarts from the prior and this batch");
    }
    if (Status s = updated.update(x, y); !s)
        return Error { s.error() };
    m_model = std::move(updated);
    m_lastRun = at;

    const std::vector<CoefficientMarginal> marginals = m_model.marginals();
    WeightPosterior w;
    w.version = m_spec.version;
    w.time = at;
    for (Eigen::Index j = 0; j < p; ++j) {
        const CoefficientMarginal& c = marginals[std::size_t(j)];
        w.coefficients.push_back({ m_names[j], c.mean, c.sd, c.ci95Low, c.ci95High });
    }
    w.degreesOfFreedom = m_model.degreesOfFreedom();
    w.sampleCount = m_model.sampleCount();
    w.confidence = confidenceOf(marginals);
    w.confidenceFloor = m_spec.confidenceFloor;
    w.published = w.confidence >= m_spec.confidenceFloor;
    w.shift = shift;
    if (w.published)
        m_published = w;

    if (shift.detected)
        qCWarning(lcLearning).noquote() << "posterior shift at" << formatIso(at) << "-" << shift.reason;
    qCInfo(lcLearning).noquote() << "weights at" << formatIso(at) << ":" << w.sampleCount
                                 << "observations, confidence" << shortNumber(w.confidence)
                                 << (w.published ? "(published)" : "(below the floor)");
    return w;
}

nlohmann::ordered_json AdaptiveWeightLearner::stateToJson() const
{
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    for (const QString& name : m_names)
        names.push_back(name.toStdString());
    nlohmann::ordered_json j;
    j["format"] = kStateFormat;
    j["coefficients"] = std::move(names);
    j["lastRun"]
        = m_lastRun ? nlohmann::ordered_json(formatIso(*m_lastRun).toStdString()) : nlohmann::ordered_json();
    j["model"] = m_model.toJson();
    j["published"] = m_published ? m_published->toJson() : nlohmann::ordered_json();
    return j;
}

Status AdaptiveWeightLearner::restoreState(const nlohmann::json& state)
{
    QStringList errors;
    detail::FieldReader root(&state, QString(), &errors);
    const auto format = root.string("format");
    if (format && *format != QLatin1String(kStateFormat))
        root.error("format",
                   QStringLiteral("must be \"%1\", got \"%2\"").arg(QLatin1String(kStateFormat), *format));
    if (const nlohmann::json* names = root.array("coefficients")) {
        QStringList stored;
        for (const nlohmann::json& n : *names)
            stored.append(n.is_string() ? QString::fromStdString(n.get<std::string>()) : QString());
        if (stored != m_names)
            root.error("coefficients",
                       QStringLiteral("the state is of [%1], this learner of [%2]")
                           .arg(stored.join(QStringLiteral(", ")), m_names.join(QStringLiteral(", "))));
    }
    std::optional<TimeMs> lastRun;
    if (const nlohmann::json* v = root.value("lastRun"); v && !v->is_null()) {
        const auto t
            = v->is_string() ? parseIsoUtc(QString::fromStdString(v->get<std::string>())) : std::nullopt;
        if (t)
            lastRun = *t;
        else
            root.error("lastRun",
                       QStringLiteral("must be null or an ISO-8601 UTC time, got ") + json::brief(*v));
    }
    std::optional<BayesianLinearModel> model;
    if (const nlohmann::json* v = root.object("model")) {
        auto m = BayesianLinearModel::fromJson(*v);
        if (!m)
            errors.append(root.pathOf("model") + QStringLiteral(": ")
                          + QString(m.error()).replace(u'\n', QStringLiteral("; ")));
        else if (m->dimension() != m_names.size())
            root.error(
                "model",
                QStringLiteral("has %1 coefficients, expected %2").arg(m->dimension()).arg(m_names.size()));
        else
            model = std::move(*m);
    }
    std::optional<WeightPosterior> published;
    if (const nlohmann::json* v = root.value("published"); v && !v->is_null()) {
        auto w = WeightPosterior::fromJson(*v);
        if (!w)
            errors.append(root.pathOf("published") + QStringLiteral(": ")
                          + QString(w.error()).replace(u'\n', QStringLiteral("; ")));
        else
            published = std::move(*w);
    }
    root.finish();
    if (!errors.isEmpty())
        return fail(errors.join(u'\n'));
    m_model = std::move(*model);
    m_published = std::move(published);
    m_lastRun = lastRun;
    return success();
}

Status AdaptiveWeightLearner::writePosterior(const WeightPosterior& posterior, const QString& path)
{
    const std::string text = posterior.toJson().dump(2) + '\n';
    // Only what readPosterior accepts is written (this also refuses NaN, which dump() writes as null).
    if (auto parsed = json::parseStrict(text); !parsed)
        return fail(path + QStringLiteral(": refusing to write an invalid posterior: ") + parsed.error());
    else if (auto valid = WeightPosterior::fromJson(*parsed); !valid)
        return fail(path + QStringLiteral(": refusing to write an invalid posterior: ") + valid.error());

    return writeFileAtomically(path, QByteArray::fromStdString(text));
}

Result<WeightPosterior> AdaptiveWeightLearner::readPosterior(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(path + QStringLiteral(": cannot open: ") + file.errorString());
    if (file.size() > kMaxPosteriorFileBytes)
        return fail(path + QStringLiteral(": larger than %1 bytes").arg(kMaxPosteriorFileBytes));
    const QByteArray bytes = file.readAll();
    auto parsed = json::parseStrict(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!parsed)
        return fail(path + QStringLiteral(": ") + parsed.error());
    auto posterior = WeightPosterior::fromJson(*parsed);
    if (!posterior)
        return fail(path + QStringLiteral(": ") + posterior.error());
    return posterior;
}

} // namespace orch::learning
