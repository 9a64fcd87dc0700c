#include "engine/rollout.h"

#include <algorithm>
#include <cmath>

#include <QCryptographicHash>

namespace orch {

QString Rollout::toString(State state)
{
    switch (state) {
    case State::Canary:
        return QStringLiteral("canary");
    case State::AwaitingApproval:
        return QStringLiteral("awaiting-approval");
    case State::Promoted:
        return QStringLiteral("promoted");
    case State::RolledBack:
        return QStringLiteral("rolled-back");
    case State::Refused:
        return QStringLiteral("refused");
    }
    return {};
}

std::optional<Rollout::State> Rollout::stateFromString(const QString& text)
{
    for (State s :
         { State::Canary, State::AwaitingApproval, State::Promoted, State::RolledBack, State::Refused }) {
        if (toString(s) == text)
            return s;
    }
    return std::nullopt;
}

namespace {

nlohmann::json strings(const QStringList& list)
{
    nlohmann::json out = nlohmann::json::array();
    for (const QString& s : list)
        out.push_back(s.toStdString());
    return out;
}

QString str(const nlohmann::json& j, const char* key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

QStringList strList(const nlohmann::json& j, const char* key)
{
    QStringList out;
    const auto it = j.find(key);
    if (it != j.end() && it->is_array()) {
        for (const auto& s : *it) {
            if (s.is_string())
                out.append(QString::fromStdString(s.get<std::string>()));
        }
    }
    return out;
}

} // namespace

nlohmann::json Rollout::toJson() const
{
    nlohmann::json votesJson = nlohmann::json::array();
    for (const AgentVote& v : votes)
        votesJson.push_back({ { "agent", v.agent.toStdString() },
                              { "approve", v.approve },
                              { "reason", v.reason.toStdString() } });
    nlohmann::json decisionsJson = nlohmann::json::object();
    for (const auto& [dealer, id] : decisions)
        decisionsJson[dealer.toStdString()] = id;
    nlohmann::json refusalsJson = nlohmann::json::object();
    for (const auto& [dealer, why] : refusals)
        refusalsJson[dealer.toStdString()] = why.toStdString();
    nlohmann::json verificationJson = nlohmann::json::object();
    for (const auto& [dealer, v] : verification) {
        nlohmann::json checks = nlohmann::json::array();
        for (const Check& c : v.checks)
            checks.push_back({ { "step", c.step.toStdString() },
                               { "passed", c.passed },
                               { "detail", c.detail.toStdString() } });
        verificationJson[dealer.toStdString()] = { { "passed", v.passed }, { "checks", checks } };
    }
    nlohmann::json historyJson = nlohmann::json::array();
    for (const HistoryEntry& h : history)
        historyJson.push_back({ { "at", formatIso(h.at).toStdString() },
                                { "event", h.event.toStdString() },
                                { "by", h.by.toStdString() },
                                { "comment", h.comment.toStdString() } });
    nlohmann::json approvalsJson = nlohmann::json::array();
    for (const Approval& a : approvals)
        approvalsJson.push_back({ { "at", formatIso(a.at).toStdString() },
                                  { "by", a.by.toStdString() },
                                  { "tokenId", a.tokenId.toStdString() },
                                  { "approve", a.approve },
                                  { "comment", a.comment.toStdString() },
                                  { "requestHash", a.requestHash.toStdString() } });
    nlohmann::json request = nullptr;
    if (!requestHash.isEmpty())
        request = { { "scope", scope.toStdString() },
                    { "requestedBy", requestedBy.toStdString() },
                    { "requestedAt", formatIso(requestedAt).toStdString() },
                    { "expiresAt", formatIso(approvalExpiresAt).toStdString() },
                    { "requiredApprovals", requiredApprovals },
                    { "requestHash", requestHash.toStdString() },
                    { "approvals", approvalsJson } };
    return { { "id", id },
             { "action", action.toStdString() },
             { "createdAt", formatIso(createdAt).toStdString() },
             { "updatedAt", formatIso(updatedAt).toStdString() },
             { "state", toString(state).toStdString() },
             { "reason", reason.toStdString() },
             { "targets", strings(targets) },
             { "canary", strings(canary) },
             { "deployed", strings(deployed) },
             { "charged", strings(charged) },
             { "autoPromote", autoPromote },
             { "decisions", decisionsJson },
             { "refusals", refusalsJson },
             { "votes", votesJson },
             { "consensus", consensus },
             { "promoteAfter", formatIso(promoteAfter).toStdString() },
             { "verification", verificationJson },
             { "errorRate", errorRate },
             { "driftDealers", strings(driftDealers) },
             { "pendingApproval", pendingApproval.toStdString() },
             { "approvalRequest", request },
             { "history", historyJson },
             { "auditCause", auditCause } };
}

Result<Rollout> Rollout::fromJson(const nlohmann::json& j)
{
    if (!j.is_object())
        return fail(QStringLiteral("rollout: not a JSON object"));
    Rollout r;
    r.id = j.value("id", qint64(0));
    r.action = str(j, "action");
    const auto time = [&](const char* key) -> TimeMs {
        auto t = parseIsoUtc(str(j, key));
        return t ? *t : 0;
    };
    r.createdAt = time("createdAt");
    r.updatedAt = time("updatedAt");
    r.promoteAfter = time("promoteAfter");
    const auto state = stateFromString(str(j, "state"));
    if (!state)
        return fail(QStringLiteral("rollout %1: unknown state \"%2\"").arg(r.id).arg(str(j, "state")));
    r.state = *state;
    r.reason = str(j, "reason");
    r.targets = strList(j, "targets");
    r.canary = strList(j, "canary");
    r.deployed = strList(j, "deployed");
    r.charged = strList(j, "charged");
    r.autoPromote = j.value("autoPromote", true);
    r.driftDealers = strList(j, "driftDealers");
    r.pendingApproval = str(j, "pendingApproval");
    r.consensus = j.value("consensus", 0.0);
    r.errorRate = j.value("errorRate", 0.0);
    r.auditCause = j.value("auditCause", qint64(0));
    if (const auto it = j.find("decisions"); it != j.end() && it->is_object()) {
        for (const auto& [dealer, id] : it->items()) {
            if (id.is_number_integer())
                r.decisions[QString::fromStdString(dealer)] = id.get<qint64>();
        }
    }
    if (const auto it = j.find("refusals"); it != j.end() && it->is_object()) {
        for (const auto& [dealer, why] : it->items()) {
            if (why.is_string())
                r.refusals[QString::fromStdString(dealer)] = QString::fromStdString(why.get<std::string>());
        }
    }
    if (const auto it = j.find("votes"); it != j.end() && it->is_array()) {
        for (const auto& v : *it)
            r.votes.push_back({ str(v, "agent"), v.value("approve", false), str(v, "reason") });
    }
    if (const auto it = j.find("verification"); it != j.end() && it->is_object()) {
        for (const auto& [dealer, v] : it->items()) {
            DealerVerification dv;
            dv.passed = v.value("passed", false);
            if (const auto c = v.find("checks"); c != v.end() && c->is_array()) {
                for (const auto& check : *c)
                    dv.checks.push_back(
                        { str(check, "step"), check.value("passed", false), str(check, "detail") });
            }
            r.verification[QString::fromStdString(dealer)] = std::move(dv);
        }
    }
    if (const auto it = j.find("history"); it != j.end() && it->is_array()) {
        for (const auto& h : *it) {
            auto at = parseIsoUtc(str(h, "at"));
            r.history.push_back({ at ? *at : 0, str(h, "event"), str(h, "by"), str(h, "comment") });
        }
    }
    if (const auto req = j.find("approvalRequest"); req != j.end() && req->is_object()) {
        const auto time = [&](const char* key) -> TimeMs {
            auto t = parseIsoUtc(str(*req, key));
            return t ? *t : 0;
        };
        r.scope = str(*req, "scope");
        r.requestedBy = str(*req, "requestedBy");
        r.requestedAt = time("requestedAt");
        r.approvalExpiresAt = time("expiresAt");
        r.requiredApprovals = req->value("requiredApprovals", 1);
        r.requestHash = str(*req, "requestHash");
        if (const auto it = req->find("approvals"); it != req->end() && it->is_array()) {
            for (const auto& a : *it) {
                auto at = parseIsoUtc(str(a, "at"));
                r.approvals.push_back({ at ? *at : 0, str(a, "by"), str(a, "tokenId"), a.value("approve", false),
                                        str(a, "comment"), str(a, "requestHash") });
            }
        }
    }
    return r;
}

nlohmann::json Rollout::requestDocument() const
{
    QStringList failing;
    for (const auto& [dealer, v] : verification)
        if (!v.passed)
            failing.append(dealer);
    return { { "rolloutId", id },
             { "action", action.toStdString() },
             { "pending", pendingApproval.toStdString() },
             { "scope", scope.toStdString() },
             { "requestedBy", requestedBy.toStdString() },
             { "reason", reason.toStdString() },
             { "deployed", strings(deployed) },
             { "errorRate", errorRate },
             { "driftDealers", strings(driftDealers) },
             { "failedVerification", strings(failing) } };
}

QString Rollout::computeRequestHash() const
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray::fromStdString(requestDocument().dump()), QCryptographicHash::Sha256)
            .toHex());
}

Result<Rollout> Rollout::fromRecord(const RolloutRecord& record)
{
    const auto json = nlohmann::json::parse(record.document.toStdString(), nullptr, false);
    if (json.is_discarded())
        return fail(QStringLiteral("rollout %1: the stored document is not JSON").arg(record.id));
    return fromJson(json);
}

QStringList selectCanary(qint64 rolloutId, const QStringList& targets, double fraction)
{
    if (targets.isEmpty())
        return {};
    std::vector<std::pair<QByteArray, QString>> ranked;
    for (const QString& dealer : targets) {
        const QByteArray key = QByteArray::number(rolloutId) + '\x1f' + dealer.toUtf8();
        ranked.emplace_back(QCryptographicHash::hash(key, QCryptographicHash::Sha256), dealer);
    }
    std::sort(ranked.begin(), ranked.end());
    const auto count = std::clamp<qsizetype>(qsizetype(std::ceil(fraction * double(targets.size()) - 1e-9)),
                                             1, targets.size());
    QStringList canary;
    for (qsizetype i = 0; i < count; ++i)
        canary.append(ranked[std::size_t(i)].second);
    canary.sort();
    return canary;
}

} // namespace orch
