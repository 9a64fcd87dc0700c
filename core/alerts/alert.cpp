#include "alerts/alert.h"

#include <cmath>

#include <QCryptographicHash>
#include <QUrl>

#include "common/strictjson.h"

namespace orch::alerts {

namespace {

constexpr qsizetype kMaxDedupKey = 255; // PagerDuty's limit
constexpr qsizetype kMaxSummary = 1024 * 16; // stored; each channel truncates to what it shows
constexpr std::size_t kMaxCustomDetailsBytes = 64 * 1024; // PagerDuty accepts 512 KiB per event
constexpr qsizetype kMaxShortField = 255;

const QString kSeverities[] = { QStringLiteral("critical"), QStringLiteral("error"),
                                QStringLiteral("warning"), QStringLiteral("info") };

// nlohmann::json writes NaN and infinities as null without complaint: refuse them up front.
std::optional<QString> nonFinitePath(const nlohmann::json& value, const QString& path)
{
    if (value.is_number_float() && !std::isfinite(value.get<double>()))
        return path;
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (auto p = nonFinitePath(it.value(), json::joinPath(path, QString::fromStdString(it.key()))))
                return p;
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (auto p = nonFinitePath(value[i], json::joinIndex(path, i)))
                return p;
        }
    }
    return std::nullopt;
}

QString encodePart(const QString& part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

} // namespace

QString channelName(Channel channel)
{
    switch (channel) {
    case Channel::Slack:
        return QStringLiteral("slack");
    case Channel::PagerDuty:
        return QStringLiteral("pagerduty");
    case Channel::Dashboard:
        return QStringLiteral("dashboard");
    }
    return QString();
}

std::optional<Channel> parseChannel(QStringView name)
{
    for (Channel c : { Channel::Slack, Channel::PagerDuty, Channel::Dashboard }) {
        if (name == channelName(c))
            return c;
    }
    return std::nullopt;
}

QString actionName(AlertAction action)
{
    return action == AlertAction::Trigger ? QStringLiteral("trigger") : QStringLiteral("resolve");
}

std::optional<AlertAction> parseAction(QStringView name)
{
    if (name == u"trigger")
        return AlertAction::Trigger;
    if (name == u"resolve")
        return AlertAction::Resolve;
    return std::nullopt;
}

QString stateName(DeliveryState state)
{
    switch (state) {
    case DeliveryState::Pending:
        return QStringLiteral("pending");
    case DeliveryState::Delivered:
        return QStringLiteral("delivered");
    case DeliveryState::DeadLettered:
        return QStringLiteral("dead-lettered");
    }
    return QString();
}

std::optional<DeliveryState> parseState(QStringView name)
{
    for (DeliveryState s :
         { DeliveryState::Pending, DeliveryState::Delivered, DeliveryState::DeadLettered }) {
        if (name == stateName(s))
            return s;
    }
    return std::nullopt;
}

Status validateAlert(const Alert& alert)
{
    if (alert.dedupKey.trimmed().isEmpty())
        return fail(QStringLiteral("alert.dedupKey: must not be empty"));
    if (alert.dedupKey.size() > kMaxDedupKey)
        return fail(QStringLiteral("alert.dedupKey: %1 characters, more than PagerDuty's limit of %2")
                        .arg(alert.dedupKey.size())
                        .arg(kMaxDedupKey));
    if (alert.action == AlertAction::Trigger) {
        if (alert.summary.trimmed().isEmpty())
            return fail(QStringLiteral("alert.summary: must not be empty for a trigger"));
        if (alert.source.trimmed().isEmpty())
            return fail(QStringLiteral("alert.source: must not be empty for a trigger"));
    }
    if (alert.summary.size() > kMaxSummary)
        return fail(QStringLiteral("alert.summary: %1 characters, more than %2")
                        .arg(alert.summary.size())
                        .arg(kMaxSummary));
    if (std::find(std::begin(kSeverities), std::end(kSeverities), alert.severity) == std::end(kSeverities))
        return fail(QStringLiteral("alert.severity: \"%1\" is not one of critical, error, warning, info")
                        .arg(alert.severity.left(40)));
    for (const auto& [name, value] :
         { std::pair { "source", &alert.source }, std::pair { "component", &alert.component },
           std::pair { "dealer", &alert.dealer }, std::pair { "feature", &alert.feature } }) {
        if (value->size() > kMaxShortField)
            return fail(QStringLiteral("alert.%1: %2 characters, more than %3")
                            .arg(QLatin1String(name))
                            .arg(value->size())
                            .arg(kMaxShortField));
    }
    if (!alert.customDetails.is_object())
        return fail(QStringLiteral("alert.customDetails: must be a JSON object, got %1")
                        .arg(json::typeName(alert.customDetails)));
    if (auto path = nonFinitePath(alert.customDetails, QStringLiteral("alert.customDetails")))
        return fail(QStringLiteral("%1: not a finite number").arg(*path));
    if (const auto size = alert.customDetails.dump().size(); size > kMaxCustomDetailsBytes)
        return fail(QStringLiteral("alert.customDetails: %1 bytes of JSON, more than %2")
                        .arg(size)
                        .arg(kMaxCustomDetailsBytes));
    if (alert.raisedAt < 0)
        return fail(QStringLiteral("alert.raisedAt: negative time %1").arg(alert.raisedAt));
    return success();
}

QString driftDedupKey(const QString& dealer, const QString& feature, qint64 detectionId,
                      const QString& instance)
{
    QString key = QStringLiteral("orch:drift:");
    if (!instance.isEmpty())
        key += encodePart(instance) + u':';
    key += encodePart(dealer) + u':' + encodePart(feature) + u':' + QString::number(detectionId);
    if (key.size() <= kMaxDedupKey)
        return key;
    // Too long to be readable anyway: a digest keeps it stable and within PagerDuty's limit.
    const QByteArray digest = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStringLiteral("orch:drift:sha256:") + QString::fromLatin1(digest) + u':'
        + QString::number(detectionId);
}

} // namespace orch::alerts
