#include <QTest>

#include "redis/rediskeys.h"
#include "redis/redisurl.h"

using namespace Qt::StringLiterals;
using orch::RedisUrl;

class TestRedisUrl : public QObject
{
    Q_OBJECT

private slots:
    void parsesValid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("db");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");

        QTest::addRow("host only") << u"redis://localhost"_s << u"localhost"_s << 6379 << 0 << QString()
                                   << QString();
        QTest::addRow("host and port")
            << u"redis://127.0.0.1:6380"_s << u"127.0.0.1"_s << 6380 << 0 << QString() << QString();
        QTest::addRow("db") << u"redis://redis.dealershipai.svc:6379/3"_s << u"redis.dealershipai.svc"_s
                            << 6379 << 3 << QString() << QString();
        QTest::addRow("trailing slash") << u"redis://h:1/"_s << u"h"_s << 1 << 0 << QString() << QString();
        QTest::addRow("password") << u"redis://:s3cret@h:7000/1"_s << u"h"_s << 7000 << 1 << QString()
                                  << u"s3cret"_s;
        QTest::addRow("user and password")
            << u"redis://orch:s3cret@h"_s << u"h"_s << 6379 << 0 << u"orch"_s << u"s3cret"_s;
        QTest::addRow("password with @ and :")
            << u"redis://:p@ss:w@h:1"_s << u"h"_s << 1 << 0 << QString() << u"p@ss:w"_s;
        QTest::addRow("percent-encoded password")
            << u"redis://:a%2Fb%40c@h"_s << u"h"_s << 6379 << 0 << QString() << u"a/b@c"_s;
        QTest::addRow("IPv6") << u"redis://[::1]:6390/2"_s << u"::1"_s << 6390 << 2 << QString() << QString();
        QTest::addRow("IPv6 default port")
            << u"redis://[fe80::1]"_s << u"fe80::1"_s << 6379 << 0 << QString() << QString();
        QTest::addRow("upper-case scheme, spaces")
            << u"  REDIS://h:2  "_s << u"h"_s << 2 << 0 << QString() << QString();
        QTest::addRow("max port") << u"redis://h:65535"_s << u"h"_s << 65535 << 0 << QString() << QString();
    }
    void parsesValid()
    {
        QFETCH(QString, text);
        const auto url = RedisUrl::parse(text);
        QVERIFY2(url.ok(), qPrintable(url.error()));
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(int, db);
        QFETCH(QString, username);
        QFETCH(QString, password);
        QCOMPARE(url->host, host);
        QCOMPARE(int(url->port), port);
        QCOMPARE(url->db, db);
        QCOMPARE(url->username, username);
        QCOMPARE(url->password, password);
    }

    void refusesInvalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // a part of the error message

        QTest::addRow("empty") << QString() << u"empty"_s;
        QTest::addRow("no scheme") << u"localhost:6379"_s << u"no scheme"_s;
        QTest::addRow("http") << u"http://h:6379"_s << u"scheme \"http\" is not redis://"_s;
        QTest::addRow("tls") << u"rediss://h:6379"_s << u"TLS"_s;
        QTest::addRow("unix socket") << u"unix:///run/redis.sock"_s << u"Unix sockets"_s;
        QTest::addRow("no host") << u"redis://:6379"_s << u"host is missing"_s;
        QTest::addRow("nothing after scheme") << u"redis://"_s << u"host is missing"_s;
        QTest::addRow("bad host") << u"redis://ho st:1"_s << u"not a host name"_s;
        QTest::addRow("empty port") << u"redis://h:"_s << u"port after ':' is empty"_s;
        QTest::addRow("port 0") << u"redis://h:0"_s << u"port \"0\""_s;
        QTest::addRow("port too big") << u"redis://h:65536"_s << u"port \"65536\""_s;
        QTest::addRow("port not a number") << u"redis://h:63x9"_s << u"port \"63x9\""_s;
        QTest::addRow("negative port") << u"redis://h:-1"_s << u"port \"-1\""_s;
        QTest::addRow("db not a number") << u"redis://h:1/zero"_s << u"database \"/zero\""_s;
        QTest::addRow("db negative") << u"redis://h:1/-1"_s << u"database \"/-1\""_s;
        QTest::addRow("db path") << u"redis://h:1/0/1"_s << u"database \"/0/1\""_s;
        QTest::addRow("query") << u"redis://h:1/0?timeout=1"_s << u"query parameters"_s;
        QTest::addRow("fragment") << u"redis://h:1#x"_s << u"fragment"_s;
        QTest::addRow("password without colon") << u"redis://s3cret@h"_s << u"\":password@\""_s;
        QTest::addRow("empty password") << u"redis://user:@h"_s << u"password after ':' is empty"_s;
        QTest::addRow("unclosed IPv6") << u"redis://[::1:6379"_s << u"closing ']'"_s;
        QTest::addRow("bad IPv6") << u"redis://[zz]:1"_s << u"not an IPv6 address"_s;
        QTest::addRow("junk after IPv6") << u"redis://[::1]x"_s << u"after the IPv6 address"_s;
    }
    void refusesInvalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto url = RedisUrl::parse(text);
        QVERIFY2(!url.ok(), qPrintable(u"accepted: "_s + text));
        QVERIFY2(url.error().startsWith(u"invalid Redis URL: "_s), qPrintable(url.error()));
        QVERIFY2(url.error().contains(expected), qPrintable(url.error()));
        QVERIFY2(!url.error().contains(u"s3cret"_s), qPrintable(url.error()));
    }

    void redactedHidesThePassword()
    {
        const auto url = RedisUrl::parse(u"redis://orch:s3cret@cache.local:6380/2"_s);
        QVERIFY2(url.ok(), qPrintable(url.error()));
        QCOMPARE(url->redacted(), u"redis://orch:***@cache.local:6380/2"_s);
        const auto plain = RedisUrl::parse(u"redis://[::1]"_s);
        QVERIFY2(plain.ok(), qPrintable(plain.error()));
        QCOMPARE(plain->redacted(), u"redis://[::1]:6379/0"_s);
    }

    void keyLayout()
    {
        QCOMPARE(orch::RedisKeys::state(u"shard-1"_s, u"rl-controller"_s),
                 QByteArray("{orch:shard-1}:state:rl-controller"));
        QCOMPARE(orch::RedisKeys::lock(u"shard-1"_s, u"adaptive-weight-learner"_s),
                 QByteArray("{orch:shard-1}:lock:adaptive-weight-learner"));
        QCOMPARE(orch::RedisKeys::epoch(u"default"_s), QByteArray("{orch:default}:epoch"));
        QVERIFY(orch::RedisKeys::checkInstance(u"dai-0.shard:2"_s).ok());
        QVERIFY(!orch::RedisKeys::checkInstance(QString()).ok());
        QVERIFY(!orch::RedisKeys::checkInstance(u"a}b"_s).ok());
        QVERIFY(!orch::RedisKeys::checkInstance(u"a b"_s).ok());
        QVERIFY(!orch::RedisKeys::checkInstance(QString(65, u'x')).ok());
    }
};

QTEST_GUILESS_MAIN(TestRedisUrl)
#include "tst_redisurl.moc"
