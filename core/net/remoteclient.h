#pragma once

#include <memory>
#include <optional>

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <nlohmann/json.hpp>

#include "client/orchestratorclient.h"

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QTimer;

namespace orch {

struct RemoteOptions
{
    // http://host:port or https://host:port (a path prefix is kept: https://example/orch).
    QUrl baseUrl;
    // Bearer token (docs/api.md, "Authentication and roles"); empty: none (a loopback daemon
    // without a token file).
    QString token;
    // Extra certificate authorities to trust (e.g. a private CA), besides the system's. Normal
    // verification (chain, validity, host name) still applies.
    QList<QSslCertificate> caCertificates;
    // Files (PEM, or one DER certificate) of more certificates to trust the same way: a private CA,
    // or a self-signed server certificate whose subjectAltName names the host it is reached by.
    QStringList caCertificateFiles;
    // Public-key pins (OWASP Pinning Cheat Sheet): the SHA-256 of the server certificate's
    // SubjectPublicKeyInfo DER, as base64 (44 characters, HPKP's `pin-sha256`) or as 64 hex digits
    // (colons allowed) — `openssl x509 -pubkey -noout -in cert.pem | openssl pkey -pubin -outform der
    // | openssl dgst -sha256 -binary | base64`. Give the primary key's and at least one backup key's.
    // When set, a connection is used only if, after normal verification succeeded, the server's key
    // is one of these; otherwise it is closed before the request is sent. Empty: no pinning. Pins
    // never make an untrusted certificate acceptable: trust comes from the CAs above.
    QStringList publicKeyPins;
    // Every request's transfer timeout (no bytes for that long fails it); long polls add their wait.
    int requestTimeoutMs = 15000;
    // Long-poll wait of the live event stream (1..30 s).
    int eventWaitSeconds = 25;
    // While connected, the status is refreshed at least this often (also the liveness check).
    int statusIntervalMs = 5000;
    // Reconnection backoff: the first retry after `retryInitialMs`, doubling up to `retryMaxMs`,
    // with up to 20 % jitter.
    int retryInitialMs = 1000;
    int retryMaxMs = 30000;
    // Shown in the console; empty: the base URL.
    QString displayName;
};

// Validates options (URL scheme http/https with a host, readable certificate files, pins in
// base64 or hex, ranges), naming the field: "baseUrl: must be http:// or https://, got \"ftp://x\"".
Status validate(const RemoteOptions& options);
// The certificates of `caCertificates` and `caCertificateFiles`; errors name the file.
Result<QList<QSslCertificate>> loadCaCertificates(const RemoteOptions& options);
// A pin as typed (base64 or hex, see RemoteOptions::publicKeyPins) as its 32 bytes; errors say why.
Result<QByteArray> parsePublicKeyPin(const QString& pin);
// SHA-256 of a certificate's SubjectPublicKeyInfo DER (32 bytes); empty if it cannot be read.
QByteArray publicKeySha256(const QSslCertificate& certificate);
// The same as base64: what goes in `publicKeyPins` for this certificate's key.
QString publicKeyPin(const QSslCertificate& certificate);

// OrchestratorClient over orchestratord's HTTP API (QNetworkAccessManager + QCoro), living on
// the thread that created it. start() connects: GET /api/v1/whoami (authentication, role) and
// the status; Connected then means answers are live. While connected, the events long poll
// (GET /api/v1/events?wait=) delivers eventsAvailable, and every event or `statusIntervalMs`
// refreshes the status (statusAvailable, clockChanged). When the server cannot be reached, or
// stops answering, the state goes to Failed with the reason, retryScheduled announces the next
// attempt (exponential backoff), and requests fail at once with "not connected: <reason>" —
// nothing stale is passed off as live. HTTP errors come back as the server's JSON error message.
class RemoteClient final : public OrchestratorClient
{
    Q_OBJECT
public:
    explicit RemoteClient(RemoteOptions options, QObject* parent = nullptr);
    ~RemoteClient() override;
    Q_DISABLE_COPY_MOVE(RemoteClient)

    QString displayName() const override;
    ConnectionState connectionState() const override { return m_state; }
    QString connectionError() const override { return m_error; }
    void start() override;
    // Stops polling and retrying; the state becomes Disconnected.
    void stop();
    const RemoteOptions& options() const { return m_options; }

    QCoro::Task<Result<Capabilities>> fetchCapabilities() override;
    QCoro::Task<Result<OrchestratorStatus>> fetchStatus() override;
    QCoro::Task<Result<OrchestratorSpec>> fetchSpec() override;
    QCoro::Task<Result<SeriesList>> fetchSeriesList() override;
    QCoro::Task<Result<SeriesPoints>> fetchSeries(SeriesQuery query) override;
    QCoro::Task<Result<DetectionList>> fetchDetections(DetectionQuery query) override;
    QCoro::Task<Result<GovernanceReport>> fetchGovernance(QString month) override;
    QCoro::Task<Result<GovernanceOutcomes>> fetchGovernanceOutcomes(QString month) override;
    QCoro::Task<Result<EventPage>> fetchEvents(EventQuery query) override;
    QCoro::Task<Result<RolloutList>> fetchRollouts(RolloutQuery query) override;
    QCoro::Task<Result<Rollout>> fetchRollout(qint64 id) override;
    QCoro::Task<Result<ApprovalList>> fetchApprovals() override;
    QCoro::Task<Result<Rollout>> decideApproval(qint64 id, bool approve, QString comment,
                                                QString requestHash = {}) override;
    QCoro::Task<Result<Rollout>> promote(qint64 id, QString comment) override;
    QCoro::Task<Result<Rollout>> rollback(qint64 id, QString comment) override;
    QCoro::Task<Result<PolicyDocument>> fetchPolicy() override;
    QCoro::Task<Result<learning::WeightPosterior>> fetchWeightPosterior() override;
    QCoro::Task<Result<audit::Checkpoint>> fetchAuditCheckpoint() override;
    QCoro::Task<Result<audit::Checkpoint>> createAuditCheckpoint() override;
    QCoro::Task<Result<AuditEntryList>> fetchAuditRecords(AuditQuery query) override;
    QCoro::Task<Result<QByteArray>> fetchAuditBundle(AuditQuery query) override;
    QCoro::Task<Result<RewardWhatIfResult>> rewardWhatIf(RewardWhatIfRequest request) override;
    QCoro::Task<Result<PolicyReplayResult>> replayPolicy(PolicyReplayRequest request) override;

private:
    struct Reply
    {
        int status = 0; // HTTP status; 0: no answer (see `error`)
        QByteArray body;
        QString error; // transport failure or the server's error message
        bool transportFailure = false; // the server did not answer (connection lost)
        bool untrusted = false; // the server's key matched no pin: not retried
    };
    // One HTTP exchange. `live`: part of the connection's own traffic (allowed while Connecting).
    QCoro::Task<Reply> exchange(QByteArray method, QString path, QUrlQuery query, QByteArray body,
                                int timeoutMs, bool live = false);
    // exchange() + JSON parsing; errors as Result messages. Fails at once unless Connected (or `live`).
    QCoro::Task<Result<nlohmann::json>> getJson(QString path, QUrlQuery query = {}, bool live = false,
                                                int timeoutMs = 0);
    QCoro::Task<Result<nlohmann::json>> postJson(QString path, nlohmann::ordered_json body,
                                                 int timeoutMs = 0);
    QNetworkRequest makeRequest(const QString& path, const QUrlQuery& query, int timeoutMs) const;
    void watchTls(QNetworkReply* reply) const;

    void setState(ConnectionState state, const QString& error = {});
    QCoro::Task<> connectOnce(quint64 generation);
    QCoro::Task<> eventLoop(quint64 generation);
    QCoro::Task<> refreshStatus(quint64 generation);
    // The connection is gone: Failed with `reason`, retry after the backoff.
    void lost(const QString& reason);
    // A failure that retrying does not fix (refused token, unpinned key): Failed, no retry.
    void refuse(const QString& message);

    RemoteOptions m_options;
    QList<QSslCertificate> m_extraCas; // loadCaCertificates(), at start()
    QList<QByteArray> m_pins; // parsed publicKeyPins, at start()
    QNetworkAccessManager* m_network = nullptr;
    QTimer* m_retryTimer = nullptr;
    QTimer* m_statusTimer = nullptr;
    ConnectionState m_state = ConnectionState::Disconnected;
    QString m_error;
    quint64 m_generation = 0; // bumped on every (re)connection and stop: older loops end
    int m_retryDelayMs = 0;
    qint64 m_eventCursor = 0;
    bool m_refreshing = false;
};

} // namespace orch
