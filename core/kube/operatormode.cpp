#include "kube/operatormode.h"

#include <algorithm>
#include <chrono>

#include <QDateTime>
#include <QThread>
#include <QTimer>

#include "kube/kubeclient.h"
#include "kube/kubelogging.h"
#include "kube/kubewatcher.h"

namespace orch::kube {

namespace {

constexpr int kMaxConditionMessage = 4000;

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

QString nowRfc3339()
{
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    return formatIso(ms - ms % 1000);
}

QString stringAt(const nlohmann::json& object, const char* key)
{
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

// The spec's validation errors as paths of the custom resource: "spec.governance.x: reason".
QString specErrors(const QString& errors)
{
    QStringList lines;
    for (const QString& line : errors.split(u'\n', Qt::SkipEmptyParts))
        lines << (line.startsWith(u':') ? QStringLiteral("spec") + line : QStringLiteral("spec.") + line);
    return lines.join(QStringLiteral("; "));
}

} // namespace

OperatorMode::OperatorMode(KubeConfig config, OrchestratorSpec inForce, Options options, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options)
    , m_client(new KubeClient(m_config, this))
    , m_watcher(new KubeWatcher(m_client, this))
    , m_writeTimer(new QTimer(this))
    , m_spec(std::move(inForce))
{
    m_writeTimer->setSingleShot(true);
    connect(m_writeTimer, &QTimer::timeout, this, &OperatorMode::writeStatus);
    connect(m_watcher, &KubeWatcher::objectChanged, this, &OperatorMode::onObject);
    connect(m_watcher, &KubeWatcher::objectDeleted, this, &OperatorMode::onDeleted);
    connect(m_watcher, &KubeWatcher::failed, this, &OperatorMode::errorOccurred);
}

OperatorMode::~OperatorMode() = default;

Status OperatorMode::start()
{
    if (auto st = m_client->open(); !st)
        return st;
    qCInfo(lcKube).noquote() << QStringLiteral("operator mode: %1/%2 %3 %4 in namespace %5 at %6")
                                    .arg(m_config.group, m_config.version, m_config.plural, m_config.name,
                                         m_config.namespaceName, m_config.apiServer.toString());
    m_watcher->start();
    return success();
}

void OperatorMode::stop()
{
    m_watcher->stop();
    m_writeTimer->stop();
}

void OperatorMode::onObject(const nlohmann::json& object)
{
    const nlohmann::json& meta = object.contains("metadata") && object["metadata"].is_object()
        ? object["metadata"]
        : nlohmann::json::object();
    const QString uid = stringAt(meta, "uid");
    qint64 generation = 0;
    if (auto g = meta.find("generation"); g != meta.end() && g->is_number_integer())
        generation = g->get<qint64>();
    if (!m_exists || uid != m_uid) {
        // A new instance (or the first sight of one): its status starts empty.
        m_uid = uid;
        m_exists = true;
        m_observedGeneration.reset();
        m_observedSpec.reset();
        m_lastWritten = nullptr;
    }
    nlohmann::json specDoc = nlohmann::json::object();
    if (auto s = object.find("spec"); s != object.end() && !s->is_null())
        specDoc = *s;

    if (m_observedGeneration == generation && m_observedSpec == specDoc) {
        // Our own status writes (and metadata edits) do not change the generation.
        if (!m_synced) {
            m_synced = true;
            emit synced();
        }
        return;
    }
    m_observedGeneration = generation;
    m_observedSpec = specDoc;

    auto parsed = OrchestratorSpec::fromJson(specDoc);
    if (parsed) {
        const bool changed = parsed.value().toJson() != m_spec.toJson();
        m_appliedGeneration = generation;
        setSpecCondition(true, QStringLiteral("Applied"),
                         QStringLiteral("the spec of generation %1 is in force").arg(generation), generation);
        qCInfo(lcKube) << "generation" << generation << "of the spec accepted"
                       << (changed ? "(changed)" : "(unchanged)");
        if (changed) {
            m_spec = std::move(parsed.value());
            emit specChanged(m_spec);
        }
    } else {
        const QString inForce = m_appliedGeneration
            ? QStringLiteral("generation %1 stays in force").arg(*m_appliedGeneration)
            : QStringLiteral("the daemon's own spec stays in force");
        QString message = QStringLiteral("the spec of generation %1 is invalid and was not applied (%2): %3")
                              .arg(generation)
                              .arg(inForce, specErrors(parsed.error()));
        if (message.size() > kMaxConditionMessage)
            message = message.left(kMaxConditionMessage - 3) + QStringLiteral("...");
        setSpecCondition(false, QStringLiteral("InvalidSpec"), message, generation);
        qCWarning(lcKube).noquote() << message;
        emit specRejected(message);
    }
    scheduleWrite(true);
    if (!m_synced) {
        m_synced = true;
        emit synced();
    }
}

void OperatorMode::revertApplied(const OrchestratorSpec& inForce, std::optional<qint64> inForceGeneration,
                                 const QString& reason)
{
    const qint64 generation = m_observedGeneration.value_or(0);
    m_spec = inForce;
    m_appliedGeneration = inForceGeneration;
    const QString stays = inForceGeneration
        ? QStringLiteral("generation %1 stays in force").arg(*inForceGeneration)
        : QStringLiteral("the daemon's own spec stays in force");
    QString message
        = QStringLiteral(
              "the spec of generation %1 is valid but the orchestrator could not start on it (%2): %3")
              .arg(generation)
              .arg(stays, reason);
    if (message.size() > kMaxConditionMessage)
        message = message.left(kMaxConditionMessage - 3) + QStringLiteral("...");
    setSpecCondition(false, QStringLiteral("StartFailed"), message, generation);
    qCWarning(lcKube).noquote() << message;
    scheduleWrite(true);
}

void OperatorMode::onDeleted()
{
    if (m_exists)
        qCWarning(lcKube).noquote() << QStringLiteral(
                                           "the custom resource %1/%2 is gone; the spec in force stays")
                                           .arg(m_config.namespaceName, m_config.name);
    m_exists = false;
    m_uid.clear();
    m_observedGeneration.reset();
    m_observedSpec.reset();
    m_lastWritten = nullptr;
    if (!m_synced) {
        m_synced = true;
        emit synced();
    }
}

void OperatorMode::setSpecCondition(bool accepted, const QString& reason, const QString& message,
                                    qint64 generation)
{
    const QString status = accepted ? QStringLiteral("True") : QStringLiteral("False");
    if (status != m_specCondition.status || m_specCondition.lastTransitionTime.isEmpty())
        m_specCondition.lastTransitionTime = nowRfc3339();
    m_specCondition.status = status;
    m_specCondition.reason = reason;
    m_specCondition.message = message;
    m_specCondition.observedGeneration = generation;
}

void OperatorMode::publish(const OperatorSnapshot& snapshot)
{
    if (QThread::currentThread() != thread()) {
        QMetaObject::invokeMethod(
            this, [this, snapshot] { publishNow(snapshot); }, Qt::QueuedConnection);
        return;
    }
    publishNow(snapshot);
}

void OperatorMode::publishNow(const OperatorSnapshot& snapshot)
{
    if (m_snapshot == snapshot)
        return;
    m_snapshot = snapshot;
    scheduleWrite(false);
}

nlohmann::json OperatorMode::statusPatch() const
{
    nlohmann::json status
        = m_snapshot ? statusFields(*m_snapshot) : nlohmann::json { { "phase", "initializing" } };
    // observedGeneration: the generation last looked at (Kubernetes' convention); whether its spec
    // runs is the SpecAccepted condition's verdict, repeated in `message`.
    status["observedGeneration"]
        = m_observedGeneration ? nlohmann::json(*m_observedGeneration) : nlohmann::json();
    status["message"]
        = m_observedGeneration ? nlohmann::json(m_specCondition.message.toStdString()) : nlohmann::json();
    nlohmann::json conditions = nlohmann::json::array();
    if (m_observedGeneration) {
        conditions.push_back({ { "type", kSpecCondition.toStdString() },
                               { "status", m_specCondition.status.toStdString() },
                               { "reason", m_specCondition.reason.toStdString() },
                               { "message", m_specCondition.message.toStdString() },
                               { "lastTransitionTime", m_specCondition.lastTransitionTime.toStdString() },
                               { "observedGeneration", m_specCondition.observedGeneration } });
    }
    status["conditions"] = std::move(conditions);
    return nlohmann::json { { "status", std::move(status) } };
}

void OperatorMode::scheduleWrite(bool urgent)
{
    if (!m_exists)
        return; // written once the resource is there
    if (m_writing) {
        m_writeAgain = true;
        m_writeAgainUrgent = m_writeAgainUrgent || urgent;
        return;
    }
    const qint64 since = steadyMs() - m_lastWriteAt;
    if (urgent || m_lastWriteAt == 0 || since >= m_options.statusIntervalMs) {
        m_writeTimer->stop();
        writeStatus();
        return;
    }
    if (!m_writeTimer->isActive())
        m_writeTimer->start(int(m_options.statusIntervalMs - since));
}

void OperatorMode::writeStatus()
{
    if (!m_exists || m_writing)
        return;
    const nlohmann::json patch = statusPatch();
    if (patch == m_lastWritten)
        return;
    m_writing = true;
    m_writeAgain = false;
    m_writeAgainUrgent = false;
    m_lastWriteAt = steadyMs();
    const QString uid = m_uid;
    m_client->patchStatus(patch, this, [this, patch, uid](Result<KubeResponse> result) {
        m_writing = false;
        QString error;
        bool retry = true;
        if (!result) {
            error = result.error();
        } else if (result.value().httpStatus == 404) {
            error = result.value().message;
            retry = false; // the watch reports the instance when it comes back
        } else if (result.value().httpStatus == 422 || result.value().httpStatus == 400) {
            // The CRD's schema refused it: the same document would be refused again.
            error = result.value().message;
            retry = false;
            if (uid == m_uid)
                m_lastWritten = patch;
        } else if (!result.value().ok()) {
            error = result.value().message;
        }
        if (error.isEmpty()) {
            m_writeFailures = 0;
            if (uid == m_uid)
                m_lastWritten = patch;
            emit statusWritten();
            if (m_writeAgain)
                scheduleWrite(m_writeAgainUrgent);
            return;
        }
        qCWarning(lcKube).noquote() << "status not written:" << error;
        emit errorOccurred(error);
        if (!retry) {
            if (m_writeAgain)
                scheduleWrite(m_writeAgainUrgent);
            return;
        }
        ++m_writeFailures;
        const int exponent = std::min(m_writeFailures - 1, 16);
        const qint64 delay
            = std::min<qint64>(m_config.backoffMaxMs, qint64(m_config.backoffInitialMs) << exponent);
        m_writeTimer->start(int(std::max<qint64>(delay, 1)));
    });
}

} // namespace orch::kube
