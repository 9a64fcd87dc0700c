// The Debian package: cpack builds it from the build tree; its control data, files, desktop
// integration, man pages and systemd unit are checked; it is unpacked into a scratch root
// (dpkg-deb -x) and its three programs run from there, against the system's libraries only.
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <nlohmann/json.hpp>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& args, int timeoutMs = 60000,
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return { -1, {}, program + QStringLiteral(": ") + p.errorString() };
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return { -1, QString::fromUtf8(p.readAllStandardOutput()),
                 program + QStringLiteral(" did not finish in time; stderr: ")
                     + QString::fromUtf8(p.readAllStandardError()) };
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
             QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
}

QString tool(const QString& name)
{
    return QStandardPaths::findExecutable(name);
}

// JSON, or a discarded value (not an exception) when the text is not JSON.
nlohmann::json parseJson(const QString& text)
{
    return nlohmann::json::parse(text.toStdString(), nullptr, false);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

// "KEY=VALUE" lines of a unit file or an environment file (comments and sections skipped);
// a key given twice keeps every value, in order.
QMultiMap<QString, QString> keyValues(const QString& text)
{
    QMultiMap<QString, QString> m;
    for (const QString& raw : text.split(u'\n')) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';') || line.startsWith(u'['))
            continue;
        const qsizetype eq = line.indexOf(u'=');
        if (eq > 0)
            m.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    return m;
}

// The package names of a Depends field ("a (>= 1), b | c" -> a, b, c).
QSet<QString> dependsNames(const QString& field)
{
    QSet<QString> names;
    for (const QString& alternative : field.split(QRegularExpression(QStringLiteral("[,|]")))) {
        const QString name = alternative.trimmed().section(u' ', 0, 0).section(u':', 0, 0);
        if (!name.isEmpty())
            names.insert(name);
    }
    return names;
}

// A started orchestratord: its base URL from the first stdout line.
class Daemon final
{
public:
    ~Daemon()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool start(const QString& program, const QStringList& args, QString* error)
    {
        m_process.start(program, args);
        if (!m_process.waitForStarted(10000)) {
            *error = m_process.errorString();
            return false;
        }
        static const QRegularExpression listening(QStringLiteral("listening on (https?://\\S+)"));
        QElapsedTimer timer;
        timer.start();
        QByteArray out;
        while (timer.elapsed() < 60000) {
            m_process.waitForReadyRead(100);
            out += m_process.readAllStandardOutput();
            m_err += m_process.readAllStandardError();
            if (const auto match = listening.match(QString::fromUtf8(out)); match.hasMatch()) {
                base = match.captured(1);
                return true;
            }
            if (m_process.state() == QProcess::NotRunning) {
                *error = QStringLiteral("orchestratord exited with %1: %2")
                             .arg(m_process.exitCode())
                             .arg(QString::fromUtf8(m_err));
                return false;
            }
        }
        *error = QStringLiteral("orchestratord did not print its address in time: ") + QString::fromUtf8(m_err);
        return false;
    }

    // SIGTERM; the exit code, or -1 when it crashed or did not stop.
    int terminate()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(30000))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    QString base;

private:
    QProcess m_process;
    QByteArray m_err;
};

struct Reply
{
    int status = 0;
    QByteArray body;
    QString error;
};

Reply httpGet(const QString& url, const QByteArray& token = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest request { QUrl(url) };
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    std::unique_ptr<QNetworkReply> reply(nam.get(request));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished())
        return { 0, {}, QStringLiteral("no answer in 30 s") };
    return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
             reply->errorString() };
}

const QStringList kPrograms { QStringLiteral("orchestrator-console"), QStringLiteral("orchestratorctl"),
                              QStringLiteral("orchestratord") };

} // namespace

class TestDebPackage final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_deb;
    QString m_root; // the package unpacked
    QString m_control; // its control files
    QStringList m_files; // "./usr/bin/orchestratord", ...
    QString m_unitPath;
    QString m_generatedTokens; // a copy of the token file postinst wrote
    QByteArray m_generatedToken;

    QString rooted(const QString& path) const { return m_root + path; }
    QString bin(const QString& program) const { return rooted(QStringLiteral("/usr/bin/") + program); }

    QString field(const QString& name)
    {
        const Run r = run(tool(QStringLiteral("dpkg-deb")), { QStringLiteral("-f"), m_deb, name });
        return r.exitCode == 0 ? r.out.trimmed() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        for (const char* needed : { "dpkg-deb", "dpkg", "readelf" })
            QVERIFY2(!tool(QString::fromLatin1(needed)).isEmpty(), needed);
        // cpack on the build tree: the same as `cmake --build build --target package`, written
        // into a scratch directory.
        const Run pack = run(QStringLiteral(ORCH_CPACK_COMMAND),
                             { QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                               QStringLiteral(ORCH_BUILD_DIR "/CPackConfig.cmake"), QStringLiteral("-B"),
                               m_work.filePath(QStringLiteral("out")) },
                             240000);
        QVERIFY2(pack.exitCode == 0, qPrintable(pack.out + pack.err));
        const QStringList debs =
            QDir(m_work.filePath(QStringLiteral("out"))).entryList({ QStringLiteral("*.deb") }, QDir::Files);
        QCOMPARE(debs.size(), 1);
        m_deb = m_work.filePath(QStringLiteral("out/") + debs.first());

        m_root = m_work.filePath(QStringLiteral("root"));
        m_control = m_work.filePath(QStringLiteral("control"));
        const Run x = run(tool(QStringLiteral("dpkg-deb")), { QStringLiteral("-x"), m_deb, m_root });
        QVERIFY2(x.exitCode == 0, qPrintable(x.err));
        const Run e = run(tool(QStringLiteral("dpkg-deb")), { QStringLiteral("-e"), m_deb, m_control });
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
        const Run c = run(tool(QStringLiteral("dpkg-deb")), { QStringLiteral("-c"), m_deb });
        QVERIFY2(c.exitCode == 0, qPrintable(c.err));
        for (const QString& line : c.out.split(u'\n', Qt::SkipEmptyParts))
            m_files << line.section(u' ', -1); // the last column is the path (no spaces in ours)
        for (const QString& dir : { QStringLiteral("/lib/systemd/system"), QStringLiteral("/usr/lib/systemd/system") })
            if (QFileInfo::exists(rooted(dir + QStringLiteral("/orchestratord.service"))))
                m_unitPath = rooted(dir + QStringLiteral("/orchestratord.service"));
    }

    void controlFields()
    {
        QCOMPARE(QFileInfo(m_deb).fileName(),
                 QStringLiteral("autonomic-orchestrator_%1-1_%2.deb")
                     .arg(QStringLiteral(ORCH_VERSION), field(QStringLiteral("Architecture"))));
        QCOMPARE(field(QStringLiteral("Package")), QStringLiteral("autonomic-orchestrator"));
        QCOMPARE(field(QStringLiteral("Version")), QStringLiteral(ORCH_VERSION "-1"));
        const Run arch = run(tool(QStringLiteral("dpkg")), { QStringLiteral("--print-architecture") });
        QCOMPARE(field(QStringLiteral("Architecture")), arch.out.trimmed());
        QVERIFY(!field(QStringLiteral("Maintainer")).isEmpty());
        QVERIFY(field(QStringLiteral("Description")).contains(QStringLiteral("orchestratord")));
    }

    // Every library the programs link comes from a package the Depends field names, and what Qt
    // loads at run time (the SQLite driver, the platform plugins) is there too.
    void dependsCoverTheLinkedLibraries()
    {
        const QSet<QString> depends = dependsNames(field(QStringLiteral("Depends")));
        for (const char* package : { "libc6", "libstdc++6", "libqt6core6", "libqt6network6", "libqt6sql6",
                                     "libqt6widgets6", "libqt6gui6", "libssl3", "libqt6sql6-sqlite",
                                     "qt6-qpa-plugins" })
            QVERIFY2(depends.contains(QString::fromLatin1(package)),
                     qPrintable(QStringLiteral("%1 missing from Depends: %2")
                                    .arg(QString::fromLatin1(package), field(QStringLiteral("Depends")))));
        for (const QString& name : depends)
            QVERIFY2(!name.endsWith(QStringLiteral("-dev")), qPrintable(name));

        static const QRegularExpression needed(QStringLiteral("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]"));
        for (const QString& program : kPrograms) {
            const Run elf = run(tool(QStringLiteral("readelf")), { QStringLiteral("-d"), bin(program) });
            QVERIFY2(elf.exitCode == 0, qPrintable(elf.err));
            // Installed binaries carry no build-tree RPATH.
            QVERIFY2(!elf.out.contains(QStringLiteral("RPATH")) && !elf.out.contains(QStringLiteral("RUNPATH")),
                     qPrintable(program));
            auto it = needed.globalMatch(elf.out);
            int libraries = 0;
            while (it.hasNext()) {
                const QString soname = it.next().captured(1);
                const Run owner = run(tool(QStringLiteral("dpkg")), { QStringLiteral("-S"), QStringLiteral("*/") + soname });
                QVERIFY2(owner.exitCode == 0, qPrintable(program + QStringLiteral(": no package has ") + soname));
                bool covered = false;
                for (const QString& line : owner.out.split(u'\n', Qt::SkipEmptyParts))
                    for (const QString& pkg : line.section(QStringLiteral(": "), 0, 0).split(QStringLiteral(", ")))
                        covered = covered || depends.contains(pkg.section(u':', 0, 0).trimmed());
                QVERIFY2(covered, qPrintable(QStringLiteral("%1 needs %2 (%3), which Depends does not name")
                                                 .arg(program, soname, owner.out.trimmed())));
                ++libraries;
            }
            QVERIFY2(libraries >= 3, qPrintable(program));
        }
    }

    void files()
    {
        QStringList expected { QStringLiteral("./etc/default/orchestratord"),
                               QStringLiteral("./usr/share/applications/orchestrator-console.desktop"),
                               QStringLiteral("./usr/share/metainfo/com.dealershipai.orchestrator.console.metainfo.xml"),
                               QStringLiteral("./usr/lib/sysusers.d/orchestratord.conf") };
        for (const QString& program : kPrograms) {
            expected << QStringLiteral("./usr/bin/") + program;
            expected << QStringLiteral("./usr/share/man/man1/%1.1.gz").arg(program);
        }
        for (const int size : { 16, 24, 32, 48, 64, 128, 256 })
            expected << QStringLiteral("./usr/share/icons/hicolor/%1x%1/apps/orchestrator-console.png").arg(size);
        for (const QString& path : expected)
            QVERIFY2(m_files.contains(path), qPrintable(path + QStringLiteral(" is not in the package")));
        QVERIFY2(!m_unitPath.isEmpty(), "no orchestratord.service under lib/systemd/system");
        for (const QString& path : m_files) {
            QVERIFY2(path.startsWith(QStringLiteral("./usr/")) || path.startsWith(QStringLiteral("./etc/"))
                         || path.startsWith(QStringLiteral("./lib/")) || path == QStringLiteral("./"),
                     qPrintable(path));
            QVERIFY2(!path.contains(QStringLiteral("/local/")), qPrintable(path));
        }
        for (const QString& program : kPrograms) {
            QVERIFY(QFileInfo(bin(program)).isExecutable());
            const Run file = run(tool(QStringLiteral("file")), { QStringLiteral("-b"), bin(program) });
            if (file.exitCode == 0)
                QVERIFY2(file.out.contains(QStringLiteral(", stripped")), qPrintable(file.out));
        }
        // The console's translations: one .qm per translations/*.ts, which Qt loads.
        const QStringList tsFiles =
            QDir(QStringLiteral(ORCH_SOURCE_DIR "/translations")).entryList({ QStringLiteral("*.ts") }, QDir::Files);
        for (const QString& ts : tsFiles) {
            const QString qm = rooted(QStringLiteral("/usr/share/orchestrator-console/translations/%1.qm")
                                          .arg(QFileInfo(ts).completeBaseName()));
            QTranslator translator;
            QVERIFY2(translator.load(qm), qPrintable(qm));
        }
        // The icons are PNGs of their directory's size.
        for (const int size : { 16, 48, 256 }) {
            const QByteArray png = readFile(
                rooted(QStringLiteral("/usr/share/icons/hicolor/%1x%1/apps/orchestrator-console.png").arg(size)));
            QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
            const auto be32 = [&](int at) {
                return (uchar(png[at]) << 24) | (uchar(png[at + 1]) << 16) | (uchar(png[at + 2]) << 8)
                    | uchar(png[at + 3]);
            };
            QCOMPARE(be32(16), size);
            QCOMPARE(be32(20), size);
        }
    }

    void maintainerScripts()
    {
        for (const char* script : { "postinst", "prerm", "postrm" }) {
            const QString path = m_control + u'/' + QString::fromLatin1(script);
            QVERIFY2(QFileInfo(path).isExecutable(), script);
            const Run syntax = run(QStringLiteral("/bin/sh"), { QStringLiteral("-n"), path });
            QVERIFY2(syntax.exitCode == 0, qPrintable(syntax.err));
            if (const QString shellcheck = tool(QStringLiteral("shellcheck")); !shellcheck.isEmpty()) {
                const Run lint = run(shellcheck, { QStringLiteral("-s"), QStringLiteral("sh"), path });
                QVERIFY2(lint.exitCode == 0, qPrintable(lint.out));
            }
        }
        QCOMPARE(QString::fromUtf8(readFile(m_control + QStringLiteral("/conffiles"))).trimmed(),
                 QStringLiteral("/etc/default/orchestratord"));
    }

    void desktopIntegration()
    {
        const QString desktop = rooted(QStringLiteral("/usr/share/applications/orchestrator-console.desktop"));
        const auto entry = keyValues(QString::fromUtf8(readFile(desktop)));
        QCOMPARE(entry.value(QStringLiteral("Exec")).section(u' ', 0, 0), QStringLiteral("orchestrator-console"));
        QVERIFY(QFileInfo(bin(entry.value(QStringLiteral("Exec")).section(u' ', 0, 0))).isExecutable());
        QVERIFY(QFileInfo::exists(rooted(QStringLiteral("/usr/share/icons/hicolor/48x48/apps/%1.png")
                                             .arg(entry.value(QStringLiteral("Icon"))))));
        if (const QString validate = tool(QStringLiteral("desktop-file-validate")); !validate.isEmpty()) {
            const Run r = run(validate, { desktop });
            QVERIFY2(r.exitCode == 0 && !r.out.contains(QStringLiteral("error")), qPrintable(r.out + r.err));
        } else {
            qWarning("desktop-file-validate not installed (desktop-file-utils): the .desktop file is not validated");
        }

        const QString metainfo =
            rooted(QStringLiteral("/usr/share/metainfo/com.dealershipai.orchestrator.console.metainfo.xml"));
        const QString xml = QString::fromUtf8(readFile(metainfo));
        QVERIFY(xml.contains(QStringLiteral("<launchable type=\"desktop-id\">orchestrator-console.desktop</launchable>")));
        QVERIFY(xml.contains(QStringLiteral("<id>com.dealershipai.orchestrator.console</id>")));
        if (const QString appstream = tool(QStringLiteral("appstreamcli")); !appstream.isEmpty()) {
            const Run r = run(appstream, { QStringLiteral("validate"), QStringLiteral("--no-net"), metainfo });
            QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        } else if (const QString xmllint = tool(QStringLiteral("xmllint")); !xmllint.isEmpty()) {
            const Run r = run(xmllint, { QStringLiteral("--noout"), metainfo });
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        } else {
            QFAIL("neither appstreamcli nor xmllint is installed to check the AppStream metadata");
        }
    }

    // Generated from each program's --help: every option of the help is in its man page, which
    // man renders without warnings.
    void manPages_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("mentions");
        QTest::addRow("orchestratord") << QStringLiteral("orchestratord")
                                       << QStringList { QStringLiteral("\\-\\-listen"), QStringLiteral("\\-\\-token\\-file"),
                                                        QStringLiteral("/etc/default/orchestratord"), QStringLiteral("EXIT STATUS") };
        QTest::addRow("orchestratorctl") << QStringLiteral("orchestratorctl")
                                         << QStringList { QStringLiteral("spec validate"), QStringLiteral("audit verify"),
                                                          QStringLiteral("EXAMPLES") };
        QTest::addRow("orchestrator-console")
            << QStringLiteral("orchestrator-console")
            << QStringList { QStringLiteral("\\-\\-screenshot"), QStringLiteral("\\-\\-dealers"), QStringLiteral("KEYS") };
    }

    void manPages()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, mentions);
        const QString page = rooted(QStringLiteral("/usr/share/man/man1/%1.1.gz").arg(program));
        QVERIFY(QFileInfo::exists(page));
        const Run text = run(QStringLiteral("gzip"), { QStringLiteral("-dc"), page });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(QStringLiteral(".TH ") + program.toUpper() + QStringLiteral(" \"1\"")),
                 qPrintable(text.out.left(300)));
        for (const QString& mention : mentions)
            QVERIFY2(text.out.contains(mention), qPrintable(program + QStringLiteral(": no ") + mention));
        QVERIFY(text.out.contains(QStringLiteral(ORCH_VERSION)));
        if (const QString groff = tool(QStringLiteral("groff")); !groff.isEmpty()) {
            const Run render = run(QStringLiteral("/bin/sh"),
                                   { QStringLiteral("-c"),
                                     QStringLiteral("gzip -dc \"$1\" | \"$2\" -man -Tutf8 -ww -z"), QStringLiteral("sh"),
                                     page, groff });
            QVERIFY2(render.exitCode == 0 && render.err.trimmed().isEmpty(), qPrintable(render.err));
        }
    }

    void systemdUnit()
    {
        QVERIFY(!m_unitPath.isEmpty());
        const auto unit = keyValues(QString::fromUtf8(readFile(m_unitPath)));
        QCOMPARE(unit.value(QStringLiteral("User")), QStringLiteral("orchestrator"));
        QCOMPARE(unit.value(QStringLiteral("StateDirectory")), QStringLiteral("orchestrator"));
        QVERIFY(unit.value(QStringLiteral("ExecStart")).startsWith(QStringLiteral("/usr/bin/orchestratord ")));
        QVERIFY(unit.value(QStringLiteral("ExecStart")).contains(QStringLiteral("--data-dir /var/lib/orchestrator")));
        QCOMPARE(unit.value(QStringLiteral("EnvironmentFile")), QStringLiteral("/etc/default/orchestratord"));
        for (const auto& [key, value] :
             { std::pair { "NoNewPrivileges", "yes" }, { "ProtectSystem", "strict" }, { "ProtectHome", "yes" },
               { "PrivateTmp", "yes" }, { "PrivateDevices", "yes" }, { "CapabilityBoundingSet", "" },
               { "RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6" }, { "MemoryDenyWriteExecute", "yes" },
               { "SystemCallArchitectures", "native" } })
            QVERIFY2(unit.values(QString::fromLatin1(key)).contains(QString::fromLatin1(value)), key);
        QVERIFY(unit.values(QStringLiteral("SystemCallFilter")).contains(QStringLiteral("@system-service")));

        const QString analyze = tool(QStringLiteral("systemd-analyze"));
        if (analyze.isEmpty())
            QSKIP("systemd-analyze not installed: the unit's hardening score is not measured");
        // systemd's own exposure score of the unit: "OK" (at most 2.5 of 10).
        const Run security = run(analyze, { QStringLiteral("security"), QStringLiteral("--offline=yes"),
                                            QStringLiteral("--threshold=25"), QStringLiteral("--no-pager"), m_unitPath });
        QVERIFY2(security.exitCode == 0, qPrintable(security.out.right(400) + security.err));
        QVERIFY2(security.out.contains(QStringLiteral("Overall exposure level")), qPrintable(security.out.right(400)));
        // systemd's parser knows every directive (an unknown one is only a message on stderr);
        // the copy runs the scratch root's binary, which verify requires to exist.
        const QString copy = m_work.filePath(QStringLiteral("orchestratord.service"));
        QVERIFY(writeFile(copy, readFile(m_unitPath).replace("/usr/bin/orchestratord",
                                                               bin(QStringLiteral("orchestratord")).toUtf8())));
        const Run verify = run(analyze, { QStringLiteral("verify"), QStringLiteral("--man=no"), copy });
        QVERIFY2(verify.exitCode == 0 && verify.err.trimmed().isEmpty(), qPrintable(verify.err));
    }

    // postinst in a scratch root (dpkg's DPKG_ROOT): the service user (systemd-sysusers from
    // the packaged sysusers.d file, or useradd where there is none) and a token file only the
    // service can read; again on upgrade, the same token; postrm purge removes it. Programs that
    // would touch the running system's services are stubs that must not be called.
    void maintainerScriptsInScratchRoot_data()
    {
        QTest::addColumn<bool>("withSysusers");
        QTest::addRow("systemd-sysusers") << true;
        QTest::addRow("useradd") << false;
    }

    void maintainerScriptsInScratchRoot()
    {
        QFETCH(bool, withSysusers);
        if (withSysusers && tool(QStringLiteral("systemd-sysusers")).isEmpty())
            QSKIP("systemd-sysusers not installed");
        QTemporaryDir scratch;
        const QString root = scratch.filePath(QStringLiteral("root"));
        const Run x = run(tool(QStringLiteral("dpkg-deb")), { QStringLiteral("-x"), m_deb, root });
        QVERIFY2(x.exitCode == 0, qPrintable(x.err));
        const QString stubs = scratch.filePath(QStringLiteral("stubs"));
        const QString calls = scratch.filePath(QStringLiteral("calls"));
        QVERIFY(QDir().mkpath(stubs));
        QStringList stubbed { QStringLiteral("deb-systemd-helper"), QStringLiteral("deb-systemd-invoke"),
                              QStringLiteral("systemctl") };
        if (!withSysusers) {
            stubbed << QStringLiteral("systemd-sysusers");
            QVERIFY(QDir().mkpath(root + QStringLiteral("/etc")));
            for (const char* db : { "passwd", "group", "shadow", "gshadow" })
                QVERIFY(writeFile(root + QStringLiteral("/etc/") + QString::fromLatin1(db), {}));
        }
        for (const QString& name : stubbed) {
            // systemd-sysusers "fails" (postinst falls back on useradd); the others must not run.
            const QByteArray record = name == QLatin1String("systemd-sysusers")
                ? QByteArray()
                : "echo \"$0 $*\" >> '" + calls.toUtf8() + "'\n";
            QVERIFY(writeFile(stubs + u'/' + name, "#!/bin/sh\n" + record + "exit 1\n"));
            QVERIFY(QFile::setPermissions(stubs + u'/' + name, QFile::ReadOwner | QFile::ExeOwner));
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DPKG_ROOT"), root);
        env.insert(QStringLiteral("PATH"), stubs + u':' + env.value(QStringLiteral("PATH")));
        const QString postinst = m_control + QStringLiteral("/postinst");

        const Run install = run(QStringLiteral("/bin/sh"), { postinst, QStringLiteral("configure") }, 60000, env);
        QVERIFY2(install.exitCode == 0, qPrintable(install.out + install.err));
        static const QRegularExpression user(
            QStringLiteral("^orchestrator:x:(\\d+):(\\d+):[^:]*:/var/lib/orchestrator:/usr/sbin/nologin$"),
            QRegularExpression::MultilineOption);
        const auto account = user.match(QString::fromUtf8(readFile(root + QStringLiteral("/etc/passwd"))));
        QVERIFY2(account.hasMatch(), readFile(root + QStringLiteral("/etc/passwd")).constData());
        QVERIFY(account.captured(1).toInt() < 1000); // a system user
        QVERIFY(readFile(root + QStringLiteral("/etc/group"))
                    .contains(QByteArray("orchestrator:x:" + account.captured(2).toUtf8() + ':')));

        const QString tokens = root + QStringLiteral("/etc/orchestrator/tokens");
        const QFileInfo info(tokens);
        QVERIFY(info.exists());
        const QFile::Permissions mode = info.permissions();
        QVERIFY(mode.testFlag(QFile::ReadOwner) && mode.testFlag(QFile::WriteOwner) && mode.testFlag(QFile::ReadGroup));
        QVERIFY(!(mode & (QFile::ExeOwner | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                          | QFile::ExeOther)));
        QCOMPARE(info.groupId(), account.captured(2).toUInt());
        const QByteArray content = readFile(tokens);
        static const QRegularExpression line(QStringLiteral("^([A-Za-z0-9+/=]{32}) approver admin$"),
                                             QRegularExpression::MultilineOption);
        const auto token = line.match(QString::fromUtf8(content));
        QVERIFY2(token.hasMatch(), content.constData());

        const Run upgrade = run(QStringLiteral("/bin/sh"), { postinst, QStringLiteral("configure"),
                                                             QStringLiteral(ORCH_VERSION "-1") }, 60000, env);
        QVERIFY2(upgrade.exitCode == 0, qPrintable(upgrade.err));
        QCOMPARE(readFile(tokens), content);
        QVERIFY2(!QFileInfo::exists(calls), readFile(calls).constData());
        // Kept for serviceCommandLineRuns: the daemon must accept what postinst writes.
        if (m_generatedTokens.isEmpty()) {
            m_generatedTokens = m_work.filePath(QStringLiteral("generated-tokens"));
            QVERIFY(QFile::copy(tokens, m_generatedTokens));
            QVERIFY(QFile::setPermissions(m_generatedTokens, info.permissions()));
            m_generatedToken = token.captured(1).toUtf8();
        }

        const Run purge = run(QStringLiteral("/bin/sh"), { m_control + QStringLiteral("/postrm"),
                                                           QStringLiteral("purge") }, 60000, env);
        QVERIFY2(purge.exitCode == 0, qPrintable(purge.err));
        QVERIFY(!QFileInfo::exists(tokens));
        QVERIFY(QFileInfo::exists(root + QStringLiteral("/etc/passwd")));
        QVERIFY2(!QFileInfo::exists(calls), readFile(calls).constData());
    }

    void orchestratorctlRuns()
    {
        const QString ctl = bin(QStringLiteral("orchestratorctl"));
        const Run version = run(ctl, { QStringLiteral("--version") });
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(), QStringLiteral("orchestratorctl " ORCH_VERSION));

        const Run defaults = run(ctl, { QStringLiteral("spec"), QStringLiteral("defaults") });
        QCOMPARE(defaults.exitCode, 0);
        auto spec = parseJson(defaults.out);
        QVERIFY2(!spec.is_discarded(), qPrintable(defaults.out));
        QCOMPARE(spec["components"]["driftSentinel"]["threshold"].get<double>(), 2.0);
        const QString good = m_work.filePath(QStringLiteral("spec.json"));
        QVERIFY(writeFile(good, QByteArray::fromStdString(spec.dump())));
        const Run valid = run(ctl, { QStringLiteral("spec"), QStringLiteral("validate"), good });
        QVERIFY2(valid.exitCode == 0, qPrintable(valid.err));
        spec["components"]["driftSentinel"]["threshold"] = -1;
        const QString bad = m_work.filePath(QStringLiteral("bad-spec.json"));
        QVERIFY(writeFile(bad, QByteArray::fromStdString(spec.dump())));
        const Run invalid = run(ctl, { QStringLiteral("spec"), QStringLiteral("validate"), bad });
        QCOMPARE(invalid.exitCode, 1);
        QVERIFY2(invalid.err.contains(QStringLiteral("components.driftSentinel.threshold")), qPrintable(invalid.err));

        const Run reward = run(ctl, { QStringLiteral("reward"), QStringLiteral("calculate"),
                                      QStringLiteral("--delta-visibility"), QStringLiteral("5.0"),
                                      QStringLiteral("--delta-revenue"), QStringLiteral("1000"),
                                      QStringLiteral("--api-cost"), QStringLiteral("0.10") });
        QCOMPARE(reward.exitCode, 0);
        const auto body = parseJson(reward.out);
        QVERIFY2(body.is_object() && body.contains("reward"), qPrintable(reward.out));
        QCOMPARE(body["reward"].get<double>(), 4999.9);
    }

    void orchestratordRuns()
    {
        const QString daemonPath = bin(QStringLiteral("orchestratord"));
        const Run version = run(daemonPath, { QStringLiteral("--version") });
        QCOMPARE(version.out.trimmed(), QStringLiteral("orchestratord " ORCH_VERSION));

        QTemporaryDir data;
        Daemon daemon;
        QString error;
        QVERIFY2(daemon.start(daemonPath,
                              { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
                                data.path() },
                              &error),
                 qPrintable(error));
        const Reply status = httpGet(daemon.base + QStringLiteral("/api/orchestrator/status"));
        QVERIFY2(status.status == 200, qPrintable(status.error + QString::fromUtf8(status.body)));
        const auto body = parseJson(QString::fromUtf8(status.body));
        QVERIFY2(body.is_object() && body["phase"].is_string(), status.body.constData());
        QCOMPARE(body["components"].size(), std::size_t(4));
        QCOMPARE(body["governance"]["rewardThreshold"].get<double>(), 1.2);
        QCOMPARE(daemon.terminate(), 0);
    }

    // The unit's ExecStart with the packaged /etc/default/orchestratord and the token file
    // postinst made: the command line the service runs, run from the scratch root.
    void serviceCommandLineRuns()
    {
        QVERIFY(!m_unitPath.isEmpty());
        const auto unit = keyValues(QString::fromUtf8(readFile(m_unitPath)));
        auto env = keyValues(QString::fromUtf8(readFile(rooted(QStringLiteral("/etc/default/orchestratord")))));
        QCOMPARE(env.value(QStringLiteral("ORCHESTRATORD_LISTEN")), QStringLiteral("127.0.0.1:8080"));
        QCOMPARE(env.value(QStringLiteral("ORCHESTRATORD_TOKEN_FILE")), QStringLiteral("/etc/orchestrator/tokens"));
        QVERIFY(env.contains(QStringLiteral("ORCHESTRATORD_OPTS")));

        QVERIFY2(!m_generatedTokens.isEmpty(), "maintainerScriptsInScratchRoot wrote no token file");
        const QString tokenFile = m_generatedTokens;
        const QByteArray token = m_generatedToken;
        QTemporaryDir scratch;
        // An administrator's edits: a free port; the test's own paths for the system's.
        env.replace(QStringLiteral("ORCHESTRATORD_LISTEN"), QStringLiteral("127.0.0.1:0"));
        env.replace(QStringLiteral("ORCHESTRATORD_TOKEN_FILE"), tokenFile);

        // systemd's expansion: ${VAR} is one word, $VAR splits on whitespace.
        QStringList words;
        for (const QString& word : unit.value(QStringLiteral("ExecStart")).split(u' ', Qt::SkipEmptyParts)) {
            if (word.startsWith(QStringLiteral("${")) && word.endsWith(u'}'))
                words << env.value(word.mid(2, word.size() - 3));
            else if (word.startsWith(u'$'))
                words << env.value(word.mid(1)).remove(u'"').split(u' ', Qt::SkipEmptyParts);
            else
                words << word;
        }
        QCOMPARE(words.takeFirst(), QStringLiteral("/usr/bin/orchestratord"));
        const qsizetype dataDir = words.indexOf(QStringLiteral("/var/lib/orchestrator"));
        QVERIFY(dataDir > 0);
        words[dataDir] = scratch.filePath(QStringLiteral("state"));

        Daemon daemon;
        QString error;
        QVERIFY2(daemon.start(bin(QStringLiteral("orchestratord")), words, &error), qPrintable(error));
        QCOMPARE(httpGet(daemon.base + QStringLiteral("/api/orchestrator/status")).status, 401);
        const Reply ok = httpGet(daemon.base + QStringLiteral("/api/orchestrator/status"), token);
        QVERIFY2(ok.status == 200, qPrintable(ok.error));
        QCOMPARE(daemon.terminate(), 0);
        QVERIFY(QFileInfo(scratch.filePath(QStringLiteral("state/audit"))).isDir());
    }

    void consoleRuns()
    {
        const QString console = bin(QStringLiteral("orchestrator-console"));
        const Run help = run(console, { QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--screenshot")));
        const Run version = run(console, { QStringLiteral("--version") });
        QVERIFY(version.out.contains(QStringLiteral(ORCH_VERSION)));

        // A real window on the offscreen platform: every page rendered to PNG.
        QTemporaryDir shots;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), shots.filePath(QStringLiteral("config")));
        const Run tour = run(console,
                             { QStringLiteral("--screenshot"), shots.filePath(QStringLiteral("pages")),
                               QStringLiteral("--dealers"), QStringLiteral("5"), QStringLiteral("--warm-up-days"),
                               QStringLiteral("8") },
                             150000, env);
        QVERIFY2(tour.exitCode == 0, qPrintable(tour.out + tour.err));
        const QStringList pngs =
            QDir(shots.filePath(QStringLiteral("pages"))).entryList({ QStringLiteral("*.png") }, QDir::Files);
        QVERIFY2(!pngs.isEmpty(), qPrintable(tour.out));
        for (const QString& png : pngs)
            QVERIFY(readFile(shots.filePath(QStringLiteral("pages/") + png)).startsWith("\x89PNG"));
    }
};

QTEST_GUILESS_MAIN(TestDebPackage)
#include "tst_debpackage.moc"
