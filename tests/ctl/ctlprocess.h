#pragma once

// Runs orchestratorctl as a process for the tests.
#include <QFile>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline Run ctl(const QStringList& args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(ORCH_BIN_DIR "/orchestratorctl"), args);
    if (!p.waitForFinished(timeoutMs))
        qFatal("orchestratorctl %s did not finish", qPrintable(args.join(u' ')));
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
             QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
             QString::fromUtf8(p.readAllStandardError()) };
}

inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(f.fileName()));
    f.write(content);
    return f.fileName();
}
