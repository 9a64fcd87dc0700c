#include "engine/fixinterfaces.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include "common/atomicfile.h"
#include "common/strictjson.h"

namespace orch {

CommandVerifier::CommandVerifier(QString program, QStringList arguments, std::chrono::milliseconds timeout)
    : m_program(std::move(program))
    , m_arguments(std::move(arguments))
    , m_timeout(timeout)
{ }

VerificationResult CommandVerifier::verify(const VerificationRequest& request)
{
    const nlohmann::json input { { "rolloutId", request.rolloutId },
                                 { "step", request.step.toStdString() },
                                 { "action", request.action.toStdString() },
                                 { "dealer", request.dealer.toStdString() },
                                 { "at", formatIso(request.at).toStdString() } };
    QProcess process;
    process.setProgram(m_program);
    process.setArguments(m_arguments);
    process.start();
    if (!process.waitForStarted(int(m_timeout.count())))
        return {
            false,
            QStringLiteral("%1: cannot start %2: %3").arg(request.step, m_program, process.errorString())
        };
    process.write(QByteArray::fromStdString(input.dump()));
    process.closeWriteChannel();
    if (!process.waitForFinished(int(m_timeout.count()))) {
        process.kill();
        process.waitForFinished(1000);
        return { false,
                 QStringLiteral("%1: %2 did not finish within %3 ms")
                     .arg(request.step, m_program)
                     .arg(m_timeout.count()) };
    }
    if (process.exitStatus() != QProcess::NormalExit)
        return { false, QStringLiteral("%1: %2 crashed").arg(request.step, m_program) };
    const QByteArray output = process.readAllStandardOutput().left(64 * 1024);
    if (process.exitCode() != 0)
        return { false,
                 QStringLiteral("%1: %2 exited with status %3: %4")
                     .arg(request.step, m_program)
                     .arg(process.exitCode())
                     .arg(QString::fromUtf8(process.readAllStandardError().left(300)).trimmed()) };
    auto parsed = json::parseStrict(output.toStdString());
    if (!parsed || !parsed->is_object())
        return { false,
                 QStringLiteral("%1: %2 printed no JSON object: %3")
                     .arg(request.step, m_program,
                          parsed ? QStringLiteral("not an object") : parsed.error()) };
    const auto passed = parsed->find("passed");
    if (passed == parsed->end() || !passed->is_boolean())
        return { false,
                 QStringLiteral("%1: %2's output has no boolean \"passed\"").arg(request.step, m_program) };
    QString detail;
    if (const auto d = parsed->find("detail"); d != parsed->end() && d->is_string())
        detail = QString::fromStdString(d->get<std::string>());
    return { passed->get<bool>(), detail };
}

OutboxActions::OutboxActions(QString directory)
    : m_directory(std::move(directory))
{ }

Status OutboxActions::appendLine(const QString& name, const nlohmann::json& line)
{
    if (!QDir().mkpath(m_directory))
        return fail(QStringLiteral("cannot create the outbox directory %1").arg(m_directory));
    QFile file(QDir(m_directory).filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return fail(QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
    const QByteArray bytes = QByteArray::fromStdString(line.dump() + '\n');
    if (file.write(bytes) != bytes.size() || !file.flush())
        return fail(QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
    return success();
}

namespace {

nlohmann::json dealerList(const QStringList& dealers)
{
    nlohmann::json list = nlohmann::json::array();
    for (const QString& d : dealers)
        list.push_back(d.toStdString());
    return list;
}

} // namespace

Status OutboxActions::deployFix(qint64 rolloutId, const QString& action, const QStringList& dealers,
                                TimeMs at)
{
    return appendLine(QStringLiteral("deployments.jsonl"),
                      { { "at", formatIso(at).toStdString() },
                        { "operation", "deploy" },
                        { "rolloutId", rolloutId },
                        { "fix", action.toStdString() },
                        { "dealers", dealerList(dealers) } });
}

Status OutboxActions::rollbackFix(qint64 rolloutId, const QString& action, const QStringList& dealers,
                                  TimeMs at)
{
    return appendLine(QStringLiteral("deployments.jsonl"),
                      { { "at", formatIso(at).toStdString() },
                        { "operation", "rollback" },
                        { "rolloutId", rolloutId },
                        { "fix", action.toStdString() },
                        { "dealers", dealerList(dealers) } });
}

Status OutboxActions::openPullRequest(qint64 rolloutId, const QString& action, const QStringList& dealers,
                                      TimeMs at)
{
    const QString dir = QDir(m_directory).filePath(QStringLiteral("pull-requests"));
    if (!QDir().mkpath(dir))
        return fail(QStringLiteral("cannot create %1").arg(dir));
    // A patch a forge or an analyst can apply: one fix file per dealer.
    QString patch = QStringLiteral("From: Autonomic Orchestrator <orchestrator@localhost>\n"
                                   "Date: %1\n"
                                   "Subject: [PATCH] Rollout %2: apply the %3 fix to %4 dealer(s)\n\n")
                        .arg(formatIso(at))
                        .arg(rolloutId)
                        .arg(action)
                        .arg(dealers.size());
    for (const QString& dealer : dealers) {
        const QString path = QStringLiteral("dealers/%1/fixes/%2.json").arg(dealer, action);
        patch
            += QStringLiteral("--- /dev/null\n+++ b/%1\n@@ -0,0 +1 @@\n+{\"rollout\": %2, \"fix\": \"%3\"}\n")
                   .arg(path)
                   .arg(rolloutId)
                   .arg(action);
    }
    return writeFileAtomically(QDir(dir).filePath(QStringLiteral("rollout-%1.patch").arg(rolloutId)),
                               patch.toUtf8());
}

Status OutboxActions::notifySlack(const QString& message, TimeMs at)
{
    return appendLine(QStringLiteral("slack.jsonl"),
                      { { "at", formatIso(at).toStdString() }, { "text", message.toStdString() } });
}

} // namespace orch
