#include "metricsstore/s3client.h"

#include <QHostAddress>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QXmlStreamReader>

namespace orch::metrics::s3 {

namespace {

struct ErrorBody
{
    QString code;
    QString message;
};

ErrorBody parseErrorBody(const QByteArray& body)
{
    ErrorBody e;
    QXmlStreamReader xml(body);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"Code")
            e.code = xml.readElementText();
        else if (xml.name() == u"Message")
            e.message = xml.readElementText();
    }
    return e;
}

QString networkErrorText(const QNetworkReply* reply, int timeoutMs)
{
    QString what;
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        what = QStringLiteral("connection refused");
        break;
    case QNetworkReply::RemoteHostClosedError:
        what = QStringLiteral("connection closed before an answer");
        break;
    case QNetworkReply::HostNotFoundError:
        what = QStringLiteral("host not found");
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        what = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
        break;
    default:
        what = QStringLiteral("network error: %1").arg(reply->errorString());
        break;
    }
    const char* key = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error());
    return what + QStringLiteral(" (%1)").arg(QLatin1String(key ? key : "unknown"));
}

} // namespace

Result<ListPage> parseListObjectsV2(const QByteArray& body)
{
    ListPage page;
    QXmlStreamReader xml(body);
    bool sawRoot = false;
    bool inCommonPrefixes = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::EndElement && xml.name() == u"CommonPrefixes")
            inCommonPrefixes = false;
        if (token != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == u"ListBucketResult")
            sawRoot = true;
        else if (name == u"CommonPrefixes")
            inCommonPrefixes = true;
        else if (name == u"Key")
            page.keys << xml.readElementText();
        else if (name == u"Prefix" && inCommonPrefixes)
            page.commonPrefixes << xml.readElementText();
        else if (name == u"IsTruncated")
            page.truncated = xml.readElementText().trimmed() == u"true";
        else if (name == u"NextContinuationToken")
            page.nextContinuationToken = xml.readElementText();
    }
    if (xml.hasError())
        return fail(QStringLiteral("ListObjectsV2: malformed XML at line %1: %2")
                        .arg(xml.lineNumber())
                        .arg(xml.errorString()));
    if (!sawRoot)
        return fail(QStringLiteral("ListObjectsV2: no ListBucketResult in the answer"));
    if (page.truncated && page.nextContinuationToken.isEmpty())
        return fail(QStringLiteral("ListObjectsV2: a truncated page without NextContinuationToken"));
    return page;
}

bool Client::usePathStyle(const QUrl& endpoint, const QString& bucket)
{
    const QString host = endpoint.host().toLower();
    const bool aws = host == u"amazonaws.com" || host.endsWith(QStringLiteral(".amazonaws.com"));
    return !aws || bucket.contains(u'.');
}

Client::Client(ClientConfig config, QNetworkAccessManager* network)
    : m_config(std::move(config))
    , m_network(network)
    , m_pathStyle(usePathStyle(m_config.endpoint, m_config.bucket))
{ }

QString Client::objectName(const QString& key) const
{
    return QStringLiteral("s3://%1/%2").arg(m_config.bucket, key);
}

QString Client::redact(QString text) const
{
    for (const QString& secret : { m_config.credentials.secretAccessKey, m_config.credentials.sessionToken })
        if (secret.size() >= 4)
            text.replace(secret, QStringLiteral("[redacted]"));
    return text;
}

QNetworkReply* Client::putObject(const QString& key, const QByteArray& body, const QByteArray& contentType)
{
    return send("PUT", key, {}, body, contentType, false);
}

QNetworkReply* Client::getObject(const QString& key)
{
    return send("GET", key, {}, {}, {}, false);
}

QNetworkReply* Client::deleteObject(const QString& key)
{
    return send("DELETE", key, {}, {}, {}, false);
}

QNetworkReply* Client::listObjects(const QString& prefix, const QString& delimiter,
                                   const QString& continuationToken, int maxKeys, const QString& startAfter)
{
    HeaderList query { { "list-type", "2" }, { "max-keys", QByteArray::number(maxKeys) } };
    if (!prefix.isEmpty())
        query.append({ "prefix", prefix.toUtf8() });
    if (!delimiter.isEmpty())
        query.append({ "delimiter", delimiter.toUtf8() });
    if (!continuationToken.isEmpty())
        query.append({ "continuation-token", continuationToken.toUtf8() });
    else if (!startAfter.isEmpty())
        query.append({ "start-after", startAfter.toUtf8() });
    return send("GET", QString(), query, {}, {}, true);
}

QNetworkReply* Client::send(const QByteArray& method, const QString& key, const HeaderList& query,
                            const QByteArray& body, const QByteArray& contentType, bool bucketLevel)
{
    const QUrl& endpoint = m_config.endpoint;
    QByteArray hostName = endpoint.host(QUrl::FullyEncoded).toLatin1();
    if (QHostAddress(endpoint.host()).protocol() == QAbstractSocket::IPv6Protocol)
        hostName = '[' + hostName + ']';
    QByteArray path;
    if (m_pathStyle) {
        path = '/' + uriEncode(m_config.bucket.toUtf8(), false);
        if (!bucketLevel)
            path += '/' + uriEncode(key.toUtf8(), true);
    } else {
        hostName = m_config.bucket.toLatin1() + '.' + hostName;
        path = '/' + (bucketLevel ? QByteArray() : uriEncode(key.toUtf8(), true));
    }
    QByteArray host = hostName;
    if (endpoint.port() != -1)
        host += ':' + QByteArray::number(endpoint.port());

    // The wire carries the query exactly as signed: encoded, in canonical order.
    HeaderList encoded;
    for (const auto& [name, value] : query)
        encoded.append({ uriEncode(name, false), uriEncode(value, false) });
    std::sort(encoded.begin(), encoded.end());
    QByteArrayList parts;
    for (const auto& [name, value] : encoded)
        parts << name + '=' + value;
    QByteArray urlText = endpoint.scheme().toLatin1() + "://" + host + path;
    if (!parts.isEmpty())
        urlText += '?' + parts.join('&');

    const QByteArray date = amzDate(QDateTime::currentDateTimeUtc());
    const QByteArray payloadHash = sha256Hex(body);
    HeaderList headers { { "host", host }, { "x-amz-content-sha256", payloadHash }, { "x-amz-date", date } };
    if (!m_config.credentials.sessionToken.isEmpty())
        headers.append({ "x-amz-security-token", m_config.credentials.sessionToken.toUtf8() });
    const Signature signature
        = signV4({ method, path, query, headers, payloadHash }, m_config.credentials, m_config.region, date);

    QNetworkRequest request(QUrl::fromEncoded(urlText, QUrl::StrictMode));
    request.setRawHeader("Host", host);
    for (const auto& [name, value] : headers)
        if (name != "host")
            request.setRawHeader(name, value);
    request.setRawHeader("Authorization", signature.authorization);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("orchestratord/" ORCH_VERSION));
    request.setTransferTimeout(m_config.requestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (method == "PUT")
        return m_network->put(request, body);
    return m_network->sendCustomRequest(request, method);
}

Outcome Client::outcome(QNetworkReply* reply, const QString& what) const
{
    Outcome o;
    o.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (o.status == 0) {
        o.retryable = true;
        o.error = redact(QStringLiteral("%1 at %2: %3")
                             .arg(what, m_config.endpoint.toString(QUrl::RemoveUserInfo),
                                  networkErrorText(reply, m_config.requestTimeoutMs)));
        return o;
    }
    o.body = reply->readAll();
    if (o.status >= 200 && o.status < 300) {
        o.ok = true;
        return o;
    }
    o.retryable = o.status >= 500 || o.status == 408 || o.status == 429;
    const ErrorBody e = parseErrorBody(o.body);
    o.code = e.code.isEmpty() ? QString::fromLatin1(reply->rawHeader("x-amz-error-code")) : e.code;
    const QString& keyId = m_config.credentials.accessKeyId;
    QString hint;
    if (o.code == u"SignatureDoesNotMatch")
        hint = QStringLiteral("the signature was refused: check AWS_SECRET_ACCESS_KEY (for access key %1) "
                              "and AWS_REGION (%2)")
                   .arg(keyId, m_config.region);
    else if (o.code == u"InvalidAccessKeyId")
        hint = QStringLiteral("the store does not know access key %1: check AWS_ACCESS_KEY_ID").arg(keyId);
    else if (o.code == u"ExpiredToken" || o.code == u"InvalidToken" || o.code == u"TokenRefreshRequired")
        hint = QStringLiteral("the session token was refused: renew AWS_SESSION_TOKEN");
    else if (o.code == u"RequestTimeTooSkewed")
        hint = QStringLiteral("this machine's clock is too far from the store's");
    else if (o.code == u"NoSuchBucket")
        hint = QStringLiteral("the bucket \"%1\" does not exist there").arg(m_config.bucket);
    else if (o.code == u"AccessDenied" || (o.status == 403 && o.code.isEmpty()))
        hint = QStringLiteral("access key %1 may not do this").arg(keyId);
    else if (o.code == u"AuthorizationHeaderMalformed")
        hint = QStringLiteral("check AWS_REGION (%1)").arg(m_config.region);
    QString text = QStringLiteral("%1 at %2: HTTP %3")
                       .arg(what, m_config.endpoint.toString(QUrl::RemoveUserInfo))
                       .arg(o.status);
    if (!o.code.isEmpty())
        text += u' ' + o.code;
    if (!e.message.isEmpty())
        text += QStringLiteral(": ") + e.message.left(300);
    if (!hint.isEmpty())
        text += QStringLiteral(" (") + hint + u')';
    o.error = redact(text);
    return o;
}

} // namespace orch::metrics::s3
