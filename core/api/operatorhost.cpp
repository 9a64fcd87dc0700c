#include "api/operatorhost.h"

#include <chrono>
#include <mutex>
#include <utility>

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include "audit/auditlog.h"
#include "kube/kubeconfig.h"
#include "kube/kubelogging.h"
#include "kube/operatormode.h"
#include "kube/operatorstatus.h"

namespace orch::api {

namespace {

constexpr qint64 kSnapshotEveryMs = 1000;
constexpr std::size_t kMaxChangesRecorded = 100;

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Every leaf of a JSON document as "spec.a.b" (arrays are leaves).
void flatten(const nlohmann::json& value, const std::string& path, std::map<std::string, nlohmann::json>* out)
{
    if (value.is_object() && !value.empty()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            flatten(it.value(), path + '.' + it.key(), out);
        return;
    }
    (*out)[path] = value;
}

// What differs between two specs: [{"field": "spec.governance.minRewardThreshold", "from": 1.2, "to": 1.5}].
nlohmann::json specChanges(const OrchestratorSpec& before, const OrchestratorSpec& after)
{
    std::map<std::string, nlohmann::json> a, b;
    flatten(nlohmann::json::parse(before.toJson().dump()), "spec", &a);
    flatten(nlohmann::json::parse(after.toJson().dump()), "spec", &b);
    nlohmann::json changes = nlohmann::json::array();
    auto add = [&](const std::string& field, const nlohmann::json& from, const nlohmann::json& to) {
        if (changes.size() < kMaxChangesRecorded)
            changes.push_back({ { "field", field }, { "from", from }, { "to", to } });
    };
    for (const auto& [field, value] : a) {
        const auto it = b.find(field);
        if (it == b.end())
            add(field, value, nullptr);
        else if (it->second != value)
            add(field, value, it->second);
    }
    for (const auto& [field, value] : b)
        if (!a.contains(field))
            add(field, nullptr, value);
    return changes;
}

} // namespace

struct OperatorHost::Shared
{
    std::mutex mutex;
    kube::OperatorMode* mode = nullptr; // null once stopped
    int run = 0; // the engine run last snapshotted
    qint64 lastMs = 0;
};

Result<std::unique_ptr<OperatorHost>> OperatorHost::open(const Settings& settings,
                                                         const QProcessEnvironment& env)
{
    OrchestratorSpec fallback;
    if (!settings.specFile.isEmpty()) {
        auto loaded = OrchestratorSpec::fromFile(settings.specFile);
        if (!loaded)
            return fail(QStringLiteral("spec %1:\n%2").arg(settings.specFile, loaded.error()));
        fallback = *loaded;
    }
    QString accountDir = settings.serviceAccountDir;
    if (accountDir.isEmpty())
        accountDir = env.value(QStringLiteral("ORCH_KUBE_SERVICE_ACCOUNT_DIR"),
                               kube::KubeConfig::kServiceAccountDir);
    auto config = kube::KubeConfig::inCluster(env, accountDir);
    if (!config)
        return fail(QStringLiteral("--kube: ") + config.error());
    if (!settings.namespaceName.isEmpty())
        config->namespaceName = settings.namespaceName;
    config->name = settings.name;
    if (auto st = config->validate(); !st)
        return fail(QStringLiteral("--kube: ") + st.error());

    kube::OperatorMode::Options options;
    options.statusIntervalMs = settings.statusIntervalMs;
    auto* mode = new kube::OperatorMode(*config, fallback, options);
    std::unique_ptr<OperatorHost> host(new OperatorHost(settings, mode));
    if (auto st = mode->start(); !st)
        return fail(QStringLiteral("--kube: ") + st.error());
    if (!mode->isSynced()) {
        QEventLoop loop;
        QTimer::singleShot(settings.syncWaitMs, &loop, &QEventLoop::quit);
        QObject::connect(mode, &kube::OperatorMode::synced, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!mode->isSynced())
        qCWarning(lcKube).noquote()
            << QStringLiteral(
                   "the custom resource %1/%2 was not read within %3 s: the engine starts on %4; the "
                   "resource's spec is applied once it is read")
                   .arg(config->namespaceName, config->name)
                   .arg(settings.syncWaitMs / 1000)
                   .arg(settings.specFile.isEmpty() ? QStringLiteral("SPEC.md's defaults")
                                                    : settings.specFile);
    return host;
}

OperatorHost::OperatorHost(const Settings& settings, kube::OperatorMode* mode)
    : m_settings(settings)
    , m_operator(mode)
    , m_shared(std::make_shared<Shared>())
    , m_running(mode->spec())
{
    m_operator->setParent(this);
    m_shared->mode = m_operator;
    connect(m_operator, &kube::OperatorMode::specChanged, this, &OperatorHost::onSpecChanged);
    connect(m_operator, &kube::OperatorMode::specRejected, this, &OperatorHost::onSpecRejected);
}

OperatorHost::~OperatorHost()
{
    stop();
}

const OrchestratorSpec& OperatorHost::spec() const
{
    return m_operator->spec();
}

void OperatorHost::configure(EngineHost::Settings& engineSettings)
{
    m_running = spec();
    m_runningGeneration = m_operator->appliedGeneration();
    engineSettings.spec = m_running;
    engineSettings.afterPublish = publishHook();
}

std::function<void(EngineHost&)> OperatorHost::publishHook()
{
    return [shared = m_shared](EngineHost& host) {
        const qint64 now = steadyMs();
        const auto published = host.snapshot();
        // Sharded, one replica writes the status: whoever holds shard 0 (its home replica, or the
        // one that took it over), so the resource's status does not flip between replicas' views.
        if (published->shard && !published->shard->holds(0))
            return;
        const int run = published->run;
        {
            std::lock_guard lock(shared->mutex);
            if (!shared->mode || (run == shared->run && now - shared->lastMs < kSnapshotEveryMs))
                return;
            shared->run = run;
            shared->lastMs = now;
        }
        const kube::OperatorSnapshot snapshot = kube::snapshotOf(host.orchestrator(), host.store());
        std::lock_guard lock(shared->mutex);
        if (shared->mode)
            shared->mode->publish(snapshot); // queued to the operator's thread
    };
}

void OperatorHost::attach(EngineHost& engine)
{
    m_engine = &engine;
    for (PendingRecord& r : std::exchange(m_pending, {}))
        record(r.type, r.severity, r.message, std::move(r.data));
    // A generation that came between the first read and the engine's start.
    if (spec().toJson() != m_running.toJson())
        onSpecChanged(spec());
}

void OperatorHost::stop()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->mode = nullptr;
    }
    m_operator->stop();
    m_engine = nullptr;
}

void OperatorHost::onSpecChanged(const OrchestratorSpec& spec)
{
    if (!m_engine)
        return; // not started yet: configure() takes spec()
    const qint64 generation = m_operator->appliedGeneration().value_or(0);
    nlohmann::json changes = specChanges(m_running, spec);
    QStringList fields;
    for (const auto& c : changes)
        fields << QString::fromStdString(c["field"].get<std::string>());
    qCInfo(lcKube).noquote() << QStringLiteral("generation %1 of the spec: restarting the engine on it (%2)")
                                    .arg(generation)
                                    .arg(fields.join(QStringLiteral(", ")));
    if (auto st = m_engine->restart(spec); !st) {
        qCCritical(lcKube).noquote()
            << QStringLiteral(
                   "the engine did not start on generation %1: %2; it goes back to the spec it ran")
                   .arg(generation)
                   .arg(st.error());
        if (auto back = m_engine->restart(m_running); !back) {
            qCCritical(lcKube).noquote() << "the engine did not start again either:" << back.error();
            QCoreApplication::exit(1);
            return;
        }
        m_operator->revertApplied(m_running, m_runningGeneration, st.error());
        record(
            QStringLiteral("spec.start_failed"), QStringLiteral("critical"),
            QStringLiteral("Generation %1 of the spec was accepted but the engine did not start on it (%2); "
                           "the previous spec runs")
                .arg(generation)
                .arg(st.error()),
            { { "generation", generation }, { "error", st.error().toStdString() }, { "changes", changes } });
        return;
    }
    m_running = spec;
    m_runningGeneration = generation;
    record(
        QStringLiteral("spec.changed"), QStringLiteral("info"),
        QStringLiteral("Spec of %1/%2 generation %3 applied: %4")
            .arg(m_operator->config().namespaceName, m_operator->config().name)
            .arg(generation)
            .arg(fields.isEmpty() ? QStringLiteral("no field changed") : fields.join(QStringLiteral(", "))),
        { { "generation", generation },
          { "namespace", m_operator->config().namespaceName.toStdString() },
          { "name", m_operator->config().name.toStdString() },
          { "changes", std::move(changes) } });
}

void OperatorHost::onSpecRejected(const QString& message)
{
    record(QStringLiteral("spec.rejected"), QStringLiteral("warning"), message,
           { { "generation", m_operator->observedGeneration().value_or(0) },
             { "namespace", m_operator->config().namespaceName.toStdString() },
             { "name", m_operator->config().name.toStdString() } });
}

void OperatorHost::record(const QString& type, const QString& severity, const QString& message,
                          nlohmann::json data)
{
    if (!m_engine) {
        m_pending.push_back({ type, severity, message, std::move(data) });
        return;
    }
    m_engine->post([type, severity, message, data = std::move(data)](EngineHost& host) mutable {
        const TimeMs at = host.now();
        if (auto id = host.store().appendEvent({ 0, at, type, severity, QString(), QString(), 0, message });
            !id)
            qCWarning(lcKube).noquote() << type << "not recorded:" << id.error();
        if (audit::AuditLog* log = host.auditLog()) {
            data["message"] = message.toStdString();
            data["at"] = formatIso(at).toStdString();
            if (auto seq = log->append(type, data, 0, QStringLiteral("kubernetes")); !seq)
                qCWarning(lcKube).noquote() << "audit trail:" << type << "not recorded:" << seq.error();
        }
        host.publish();
    });
}

} // namespace orch::api
