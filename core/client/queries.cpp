#include "client/queries.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "engine/governance.h"
#include "engine/orchestrator.h"
#include "formulas/formulas.h"
#include "store/statestore.h"
#include "whatif/policyreplay.h"
#include "whatif/rewardwhatif.h"

namespace orch::queries {

namespace {

constexpr TimeMs kWeekMs = 7 * kDayMs;
constexpr int kAllRows = std::numeric_limits<int>::max();
constexpr int kMaxCauseChain = 64;

QString rangeText(qint64 min, qint64 max)
{
    return QStringLiteral("must be from %1 to %2").arg(min).arg(max);
}

std::optional<QueryError> checkRange(qint64 value, qint64 min, qint64 max, const char* field)
{
    if (value < min || value > max)
        return badRequest(
            "out_of_range",
            QStringLiteral("%1: %2, got %3").arg(QLatin1String(field), rangeText(min, max)).arg(value),
            QLatin1String(field));
    return std::nullopt;
}

std::optional<QueryError> checkOrder(const std::optional<TimeMs>& from, const std::optional<TimeMs>& to,
                                     const char* fromName, const char* toName)
{
    if (from && to && *from >= *to)
        return badRequest(
            "out_of_range",
            QStringLiteral("%1: must be before %2").arg(QLatin1String(fromName), QLatin1String(toName)),
            QLatin1String(fromName));
    return std::nullopt;
}

// The rollout with `id` as stored, or 404.
Answer<Rollout> load(Engine engine, qint64 id)
{
    auto all = engine.store.rollouts(false, kAllRows);
    if (!all)
        return internal(all.error());
    for (const RolloutRecord& record : *all) {
        if (record.id == id) {
            auto r = Rollout::fromRecord(record);
            if (!r)
                return internal(r.error());
            return std::move(r).value();
        }
    }
    return notFound(QStringLiteral("no rollout %1").arg(id));
}

} // namespace

QueryError badRequest(QByteArray code, QString message, QString field)
{
    return { 400, std::move(code), std::move(message), std::move(field) };
}

QueryError notFound(QString message, QByteArray code)
{
    return { 404, std::move(code), std::move(message), {} };
}

QueryError conflict(QString message)
{
    return { 409, QByteArrayLiteral("conflict"), std::move(message), {} };
}

QueryError internal(QString message)
{
    return { 500, QByteArrayLiteral("internal"), std::move(message), {} };
}

// ---------------------------------------------------------------------------------------------

std::optional<QueryError> validate(const SeriesQuery& query)
{
    if (auto e = checkRange(query.maxPoints, 2, kMaxSeriesPoints, "?max_points"))
        return e;
    return checkOrder(query.from, query.to, "?from", "?to");
}

std::optional<QueryError> validate(const DetectionQuery& query)
{
    return checkRange(query.limit, 1, kMaxListLimit, "?limit");
}

std::optional<QueryError> validate(const EventQuery& query)
{
    if (auto e = checkRange(query.after, 0, std::numeric_limits<qint64>::max(), "?after"))
        return e;
    if (auto e = checkRange(query.waitSeconds, 0, 30, "?wait"))
        return e;
    return checkRange(query.limit, 1, kMaxListLimit, "?limit");
}

std::optional<QueryError> validate(const RolloutQuery& query)
{
    return checkRange(query.limit, 1, kMaxListLimit, "?limit");
}

std::optional<QueryError> validate(const AuditQuery& query)
{
    if (auto e = checkRange(query.limit, 1, kMaxAuditLimit, "?limit"))
        return e;
    if (query.cause)
        if (auto e = checkRange(*query.cause, 1, std::numeric_limits<qint64>::max(), "?cause"))
            return e;
    if (query.type.size() > 128)
        return badRequest("out_of_range", QStringLiteral("?type: at most 128 characters"),
                          QStringLiteral("?type"));
    if (query.actor.size() > 128)
        return badRequest("out_of_range", QStringLiteral("?actor: at most 128 characters"),
                          QStringLiteral("?actor"));
    return checkOrder(query.since, query.until, "?since", "?until");
}

std::optional<QueryError> validateComment(const QString& comment, const QString& field)
{
    if (comment.trimmed().isEmpty())
        return badRequest("invalid_value", field + QStringLiteral(": must not be empty: say why"), field);
    if (comment.size() > kMaxCommentLength)
        return badRequest("out_of_range",
                          QStringLiteral("%1: at most %2 characters, got %3")
                              .arg(field)
                              .arg(kMaxCommentLength)
                              .arg(comment.size()),
                          field);
    return std::nullopt;
}

std::optional<QueryError> validateRequestHash(const QString& hash, const QString& field)
{
    if (hash.isEmpty())
        return std::nullopt;
    bool ok = hash.size() == 64;
    for (QChar c : hash)
        ok = ok && ((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'));
    if (!ok)
        return badRequest(
            "invalid_value",
            field + QStringLiteral(": must be 64 lowercase hex digits (the approval's requestHash)"), field);
    return std::nullopt;
}

Answer<std::optional<TimeMs>> parseMonth(const QString& month, const QString& field)
{
    if (month.isEmpty())
        return std::optional<TimeMs>();
    const auto at = parseIsoUtc(QString(month + QStringLiteral("-01T00:00:00Z")));
    if (!at || month.size() != 7)
        return badRequest("invalid_type", QStringLiteral("%1: must be YYYY-MM, got \"%2\"").arg(field, month),
                          field);
    return std::optional<TimeMs>(*at);
}

// ---------------------------------------------------------------------------------------------

SeriesList seriesList(Engine engine)
{
    SeriesList out;
    for (const SeriesSnapshot& s : engine.orchestrator.sentinel().snapshot())
        out.series.push_back({ s.dealer, s.feature, qint64(s.samples), s.monitored,
                               std::isfinite(s.lastStd) ? s.lastStd : 0.0, s.drifting });
    return out;
}

namespace {

// Min/max-preserving downsampling: the range is cut into maxPoints/2 buckets of equal time and
// each bucket keeps its lowest and highest sample, in time order, so spikes survive.
std::vector<const Sample*> downsample(const std::vector<Sample>& samples, int maxPoints, TimeMs from,
                                      TimeMs to)
{
    std::vector<const Sample*> out;
    if (int(samples.size()) <= maxPoints) {
        for (const Sample& s : samples)
            out.push_back(&s);
        return out;
    }
    const int buckets = std::max(1, maxPoints / 2);
    const TimeMs first = std::max(from, samples.front().timestamp);
    const TimeMs last = std::min(to - 1, samples.back().timestamp);
    const double width = double(last - first + 1) / buckets;
    std::size_t i = 0;
    for (int b = 0; b < buckets && i < samples.size(); ++b) {
        const TimeMs end = b + 1 == buckets ? std::numeric_limits<TimeMs>::max()
                                            : first + TimeMs(std::ceil(width * (b + 1)));
        const Sample* lo = nullptr;
        const Sample* hi = nullptr;
        for (; i < samples.size() && samples[i].timestamp < end; ++i) {
            const Sample* s = &samples[i];
            if (!lo || s->value < lo->value)
                lo = s;
            if (!hi || s->value > hi->value)
                hi = s;
        }
        if (!lo)
            continue;
        if (lo == hi) {
            out.push_back(lo);
        } else if (lo->timestamp < hi->timestamp) {
            out.push_back(lo);
            out.push_back(hi);
        } else {
            out.push_back(hi);
            out.push_back(lo);
        }
    }
    return out;
}

} // namespace

Answer<SeriesPoints> seriesPoints(Engine engine, const SeriesQuery& query)
{
    if (auto e = validate(query))
        return *e;
    const TimeMs end = query.to.value_or(engine.now + 1);
    const TimeMs begin = query.from.value_or(end - kWeekMs);
    auto samples = engine.store.samples(query.dealer, query.feature, begin, end);
    if (!samples)
        return internal(samples.error());
    if (samples->empty()) {
        bool known = false;
        for (const SeriesSnapshot& s : engine.orchestrator.sentinel().snapshot())
            known = known || (s.dealer == query.dealer && s.feature == query.feature);
        if (!known)
            return notFound(QStringLiteral("no series %1/%2").arg(query.dealer, query.feature));
    }
    const auto points = downsample(*samples, query.maxPoints, begin, end);
    SeriesPoints out;
    out.dealer = query.dealer;
    out.feature = query.feature;
    out.from = begin;
    out.to = end;
    out.totalPoints = qint64(samples->size());
    out.downsampling = points.size() < samples->size() ? QStringLiteral("minmax") : QStringLiteral("none");
    out.points.reserve(points.size());
    for (const Sample* s : points)
        out.points.push_back({ s->timestamp, s->value });
    return out;
}

Answer<DetectionList> detections(Engine engine, const DetectionQuery& query)
{
    if (auto e = validate(query))
        return *e;
    auto found = engine.store.detections(query.from.value_or(0),
                                         query.to.value_or(std::numeric_limits<TimeMs>::max()), query.limit);
    if (!found)
        return internal(found.error());
    return DetectionList { std::move(found).value() };
}

Answer<GovernanceReport> governance(Engine engine, std::optional<TimeMs> month)
{
    const TimeMs when = month.value_or(engine.now);
    const QString key = monthKey(when);
    const GovernanceSpec& spec = engine.orchestrator.spec().governance;
    const qint64 cap = GovernanceLedger::toMicros(spec.maxApiCostPerDealerMonth);
    auto series = engine.store.series();
    if (!series)
        return internal(series.error());
    QStringList dealers;
    for (const auto& [dealer, feature] : *series) {
        if (dealers.isEmpty() || dealers.back() != dealer)
            dealers.append(dealer);
    }
    GovernanceReport out;
    out.month = key;
    out.capPerDealer = spec.maxApiCostPerDealerMonth;
    out.minRewardThreshold = spec.minRewardThreshold;
    qint64 minRemaining = cap;
    for (const QString& dealer : std::as_const(dealers)) {
        auto spent = engine.store.spend(dealer, key);
        if (!spent)
            return internal(spent.error());
        const qint64 remaining = std::max<qint64>(0, cap - *spent);
        minRemaining = std::min(minRemaining, remaining);
        out.dealers.push_back(
            { dealer, GovernanceLedger::toDollars(*spent), GovernanceLedger::toDollars(remaining) });
    }
    out.apiCostRemaining = GovernanceLedger::toDollars(minRemaining);
    return out;
}

namespace {

constexpr int kDecisionPage = 10000;

struct Charge
{
    TimeMs at = 0;
    QString dealer;
    qint64 micros = 0;
    qint64 rolloutId = 0;
    QString action;
};

// The charges of rollout `r` in [from, to): FixLoop charges the canary's dealers when the canary
// starts and the other dealers when the rollout is promoted (each charged dealer once).
void addCharges(const Rollout& r, qint64 micros, TimeMs from, TimeMs to, std::vector<Charge>& out)
{
    TimeMs canaryAt = r.createdAt;
    std::optional<TimeMs> promotedAt;
    for (const Rollout::HistoryEntry& h : r.history) {
        if (h.event == QLatin1String("canary"))
            canaryAt = h.at;
        else if (h.event == QLatin1String("promoted") && !promotedAt)
            promotedAt = h.at;
    }
    for (const QString& dealer : r.charged) {
        const TimeMs at = r.canary.contains(dealer) ? canaryAt : promotedAt.value_or(r.updatedAt);
        if (at >= from && at < to)
            out.push_back({ at, dealer, micros, r.id, r.action });
    }
}

} // namespace

Answer<GovernanceOutcomes> governanceOutcomes(Engine engine, std::optional<TimeMs> month)
{
    const TimeMs from = monthStart(month.value_or(engine.now));
    const TimeMs to = nextMonthStart(from);
    const GovernanceSpec& spec = engine.orchestrator.spec().governance;
    GovernanceOutcomes out;
    out.month = monthKey(from);
    out.from = from;
    out.to = to;
    out.capPerDealer = spec.maxApiCostPerDealerMonth;
    out.minRewardThreshold = spec.minRewardThreshold;

    struct Tally
    {
        DealerOutcomes outcomes;
        double rewardSum = 0;
        qint64 chargedMicros = 0;
    };
    std::map<QString, Tally> dealers;
    auto tally = [&](const QString& dealer) -> Tally& {
        auto [it, inserted] = dealers.try_emplace(dealer);
        if (inserted)
            it->second.outcomes.dealer = dealer;
        return it->second;
    };
    // Every dealer of the fleet, also those without a decision this month.
    auto series = engine.store.series();
    if (!series)
        return internal(series.error());
    for (const auto& [dealer, feature] : *series)
        tally(dealer);

    // The month's decisions and, for the measured ones, their verdict.
    for (qint64 after = 0;;) {
        auto page = engine.store.decisions(after, from, to, kDecisionPage);
        if (!page)
            return internal(page.error());
        for (const DecisionRecord& d : *page) {
            DealerOutcomes& o = tally(d.dealer).outcomes;
            ++o.decisions;
            if (d.action != QLatin1String("none"))
                ++o.fixes;
            if (!d.rewardedAt)
                continue;
            auto verdict = formulas::calculateReward(d.deltaVisibility, d.deltaRevenue, d.apiCost,
                                                     spec.minRewardThreshold);
            if (!verdict)
                return internal(QStringLiteral("decision %1: %2").arg(d.id).arg(verdict.error()));
            ++o.rewarded;
            ++(verdict->meetsThreshold ? o.meetingThreshold : o.belowThreshold);
            tally(d.dealer).rewardSum += d.reward;
            o.lastVerdict
                = RewardVerdict { d.id, d.at, *d.rewardedAt, d.action, d.reward, verdict->meetsThreshold };
        }
        if (int(page->size()) < kDecisionPage)
            break;
        after = page->back().id;
    }

    // The month's charges. A charge at t means the rollout was saved at or after t.
    auto records = engine.store.rollouts(false, kAllRows);
    if (!records)
        return internal(records.error());
    std::vector<Charge> charges;
    for (const RolloutRecord& record : *records) {
        if (record.updatedAt < from || record.createdAt >= to)
            continue;
        auto r = Rollout::fromRecord(record);
        if (!r)
            return internal(QStringLiteral("rollout %1: %2").arg(record.id).arg(r.error()));
        if (!r->charged.isEmpty())
            addCharges(*r, GovernanceLedger::toMicros(engine.orchestrator.fixLoop().costOf(r->action)), from,
                       to, charges);
    }
    std::sort(charges.begin(), charges.end(), [](const Charge& a, const Charge& b) {
        return std::tie(a.at, a.rolloutId, a.dealer) < std::tie(b.at, b.rolloutId, b.dealer);
    });
    const int days = int((to - from) / kDayMs);
    std::vector<qint64> dayMicros(static_cast<std::size_t>(days), 0);
    std::vector<std::set<QString>> dayDealers(static_cast<std::size_t>(days));
    out.days.resize(std::size_t(days));
    for (int i = 0; i < days; ++i)
        out.days[std::size_t(i)].day = from + TimeMs(i) * kDayMs;
    for (const Charge& c : charges) {
        Tally& t = tally(c.dealer);
        t.chargedMicros += c.micros;
        t.outcomes.charges.push_back({ c.at, GovernanceLedger::toDollars(c.micros), c.rolloutId, c.action });
        const auto day = std::size_t((c.at - from) / kDayMs);
        dayMicros[day] += c.micros;
        ++out.days[day].charges;
        dayDealers[day].insert(c.dealer);
    }
    for (std::size_t i = 0; i < out.days.size(); ++i) {
        out.days[i].spent = GovernanceLedger::toDollars(dayMicros[i]);
        out.days[i].dealers = qint64(dayDealers[i].size());
    }

    // The ledger's figures, and what of them the charges do not explain.
    qint64 unattributed = 0;
    for (auto& [dealer, t] : dealers) {
        auto spent = engine.store.spend(dealer, out.month);
        if (!spent)
            return internal(spent.error());
        t.outcomes.spent = GovernanceLedger::toDollars(*spent);
        unattributed += std::max<qint64>(0, *spent - t.chargedMicros);
        if (t.outcomes.rewarded > 0)
            t.outcomes.meanReward = t.rewardSum / double(t.outcomes.rewarded);
        out.dealers.push_back(std::move(t.outcomes));
    }
    out.unattributedSpend = GovernanceLedger::toDollars(unattributed);
    return out;
}

Answer<EventPage> events(Engine engine, qint64 after, int limit)
{
    auto found = engine.store.events(after, limit);
    if (!found)
        return QueryError { 503, QByteArrayLiteral("unavailable"), found.error(), {} };
    EventPage page;
    page.cursor = after;
    for (const EventRecord& e : *found)
        page.cursor = std::max(page.cursor, e.id);
    page.events = std::move(found).value();
    return page;
}

// ---------------------------------------------------------------------------------------------

Answer<RolloutList> rollouts(Engine engine, const RolloutQuery& query)
{
    if (auto e = validate(query))
        return *e;
    auto list = engine.orchestrator.fixLoop().rollouts(query.activeOnly, query.limit);
    if (!list)
        return internal(list.error());
    return RolloutList { std::move(list).value() };
}

Answer<Rollout> rollout(Engine engine, qint64 id)
{
    return load(engine, id);
}

Answer<ApprovalList> approvals(Engine engine)
{
    auto active = engine.orchestrator.fixLoop().rollouts(true, kAllRows);
    if (!active)
        return internal(active.error());
    ApprovalList out;
    out.auditAvailable = engine.audit != nullptr;
    std::vector<Detection> open;
    bool openLoaded = false;
    for (Rollout& r : *active) {
        if (r.state != Rollout::State::AwaitingApproval)
            continue;
        if (!openLoaded) {
            auto found = engine.store.detections(0, std::numeric_limits<TimeMs>::max(), kMaxListLimit);
            if (!found)
                return internal(found.error());
            for (Detection& d : *found) {
                if (!d.closedAt)
                    open.push_back(std::move(d));
            }
            openLoaded = true;
        }
        Approval a;
        a.pending = r.pendingApproval;
        a.scope = r.scope;
        a.requestedBy = r.requestedBy;
        a.requestedAt = r.requestedAt;
        a.expiresAt = r.approvalExpiresAt;
        a.requiredApprovals = r.requiredApprovals;
        a.approvals = int(std::count_if(r.approvals.begin(), r.approvals.end(),
                                        [](const Rollout::Approval& x) { return x.approve; }));
        a.requestHash = r.requestHash;
        a.reason = r.reason;
        const QStringList& affected = r.scope == QLatin1String("production") ? r.deployed : r.canary;
        const std::set<QString> dealers(affected.begin(), affected.end());
        for (const Detection& d : open) {
            if (dealers.count(d.dealer))
                a.openDetections.push_back(d);
        }
        a.rollout = std::move(r);
        out.approvals.push_back(std::move(a));
    }
    std::sort(out.approvals.begin(), out.approvals.end(), [](const Approval& a, const Approval& b) {
        return a.requestedAt != b.requestedAt ? a.requestedAt < b.requestedAt : a.rollout.id < b.rollout.id;
    });
    return out;
}

Answer<Rollout> decideApproval(Engine engine, qint64 id, bool approve, const QString& identity,
                               const QString& comment, const QString& tokenId, const QString& requestHash)
{
    if (auto e = validateComment(comment))
        return *e;
    if (auto e = validateRequestHash(requestHash))
        return *e;
    auto current = load(engine, id);
    if (!current)
        return current;
    if (current.value().state != Rollout::State::AwaitingApproval)
        return conflict(QStringLiteral("rollout %1 is %2: it does not wait for an approval")
                            .arg(id)
                            .arg(Rollout::toString(current.value().state)));
    auto decided = engine.orchestrator.decideApproval(id, approve, identity, comment, tokenId, requestHash);
    if (!decided)
        return conflict(decided.error());
    return std::move(decided).value();
}

Answer<Rollout> promote(Engine engine, qint64 id, const QString& identity, const QString& comment)
{
    if (auto e = validateComment(comment))
        return *e;
    auto current = load(engine, id);
    if (!current)
        return current;
    if (!current.value().active())
        return conflict(
            QStringLiteral("rollout %1 is %2: only a canary or a rollout awaiting approval can be promoted")
                .arg(id)
                .arg(Rollout::toString(current.value().state)));
    auto done = engine.orchestrator.forcePromote(id, identity, comment);
    if (!done)
        return conflict(done.error());
    return std::move(done).value();
}

Answer<Rollout> rollback(Engine engine, qint64 id, const QString& identity, const QString& comment)
{
    if (auto e = validateComment(comment))
        return *e;
    auto current = load(engine, id);
    if (!current)
        return current;
    const Rollout& r = current.value();
    if (!r.active() && r.state != Rollout::State::Promoted)
        return conflict(QStringLiteral("rollout %1 is %2: there is nothing deployed to roll back")
                            .arg(id)
                            .arg(Rollout::toString(r.state)));
    auto done = engine.orchestrator.forceRollback(id, identity, comment);
    if (!done)
        return conflict(done.error());
    return std::move(done).value();
}

PolicyDocument policy(Engine engine)
{
    const nlohmann::json document = engine.orchestrator.fixLoop().policyJson(engine.now);
    auto parsed = PolicyDocument::fromJson(document);
    if (parsed)
        return std::move(parsed).value();
    PolicyDocument out; // cannot happen: the engine writes what the reader expects
    out.document = document;
    return out;
}

Answer<learning::WeightPosterior> weightPosterior(Engine engine)
{
    const auto& posterior = engine.orchestrator.weightPosterior();
    if (!posterior)
        return notFound(QStringLiteral("the AdaptiveWeightLearner has not produced a posterior yet"),
                        QByteArrayLiteral("not_available"));
    return *posterior;
}

namespace {

QueryError auditDisabled()
{
    return notFound(QStringLiteral("the audit trail is disabled in the spec (telemetry.audit.enabled)"),
                    QByteArrayLiteral("not_available"));
}

} // namespace

Answer<audit::Checkpoint> createCheckpoint(Engine engine)
{
    if (!engine.audit)
        return auditDisabled();
    auto cp = engine.audit->checkpoint();
    if (!cp)
        return internal(cp.error());
    return std::move(cp).value();
}

// ---------------------------------------------------------------------------------------------

AuditEntry toEntry(const audit::Record& record)
{
    AuditEntry e;
    e.sequence = record.sequence;
    e.timestamp = record.timestamp;
    e.type = record.type;
    e.cause = record.cause;
    e.actor = record.actor;
    e.data = record.data;
    e.checkpointed = record.checkpointed;
    return e;
}

void addCauseChains(ApprovalList& list, const QString& dataDir)
{
    if (!list.auditAvailable || list.approvals.empty())
        return;
    TimeMs earliest = std::numeric_limits<TimeMs>::max();
    for (const Approval& a : list.approvals)
        earliest = std::min(earliest, a.rollout.createdAt);
    audit::Filter filter;
    filter.since = earliest - kCauseChainLookbackMs;
    auto records = audit::read(dataDir, filter);
    if (!records)
        return; // evidence without a chain beats no inbox; the rollout's auditCause remains
    std::map<qint64, const audit::Record*> bySequence;
    for (const audit::Record& r : *records)
        bySequence.emplace(r.sequence, &r);
    for (Approval& a : list.approvals) {
        qint64 next = a.rollout.auditCause;
        std::set<qint64> seen;
        while (next > 0 && int(a.causeChain.size()) < kMaxCauseChain && seen.insert(next).second) {
            const auto it = bySequence.find(next);
            if (it == bySequence.end())
                break;
            a.causeChain.push_back(toEntry(*it->second));
            next = it->second->cause;
        }
    }
}

Answer<AuditEntryList> auditRecords(const QString& dataDir, const AuditQuery& query)
{
    if (auto e = validate(query))
        return *e;
    audit::Filter filter;
    filter.since = query.since;
    filter.until = query.until;
    filter.type = query.type;
    filter.cause = query.cause;
    auto records = audit::read(dataDir, filter);
    if (!records)
        return internal(records.error());
    std::deque<const audit::Record*> kept;
    AuditEntryList out;
    for (const audit::Record& r : *records) {
        if (!query.actor.isEmpty() && r.actor != query.actor)
            continue;
        kept.push_back(&r);
        if (int(kept.size()) > query.limit) {
            kept.pop_front();
            out.truncated = true;
        }
    }
    out.records.reserve(kept.size());
    for (const audit::Record* r : kept)
        out.records.push_back(toEntry(*r));
    return out;
}

Answer<audit::Checkpoint> latestCheckpoint(const QString& dataDir)
{
    auto cp = audit::latestCheckpoint(dataDir);
    if (!cp)
        return notFound(cp.error(), QByteArrayLiteral("not_available"));
    return std::move(cp).value();
}

// ---------------------------------------------------------------------------------------------

Answer<nlohmann::ordered_json> rewardWhatIf(const RewardWhatIfRequest& request, double specThreshold)
{
    whatif::RewardInputs inputs;
    inputs.deltaVisibility = request.deltaVisibility;
    inputs.deltaRevenue = request.deltaRevenue;
    inputs.apiCost = request.apiCost;
    inputs.minRewardThreshold = request.minRewardThreshold.value_or(specThreshold);
    const auto finite = [](double v) { return std::isfinite(v); };
    if (!finite(inputs.deltaVisibility))
        return badRequest("out_of_range", QStringLiteral("$.deltaVisibility: must be finite"),
                          QStringLiteral("$.deltaVisibility"));
    if (!finite(inputs.deltaRevenue))
        return badRequest("out_of_range", QStringLiteral("$.deltaRevenue: must be finite"),
                          QStringLiteral("$.deltaRevenue"));
    if (!finite(inputs.apiCost) || inputs.apiCost < 0)
        return badRequest("out_of_range", QStringLiteral("$.apiCost: must be a finite number >= 0"),
                          QStringLiteral("$.apiCost"));
    if (!finite(inputs.minRewardThreshold) || inputs.minRewardThreshold < 0)
        return badRequest("out_of_range",
                          QStringLiteral("$.minRewardThreshold: must be a finite number >= 0"),
                          QStringLiteral("$.minRewardThreshold"));
    std::optional<whatif::SensitivityRange> range;
    if (request.sensitivity) {
        const auto& s = *request.sensitivity;
        const auto input = whatif::rewardInputFromName(s.input);
        if (!input)
            return badRequest(
                "invalid_value",
                QStringLiteral("$.sensitivity.input: must be deltaVisibility, deltaRevenue, apiCost or "
                               "minRewardThreshold, got \"%1\"")
                    .arg(s.input),
                QStringLiteral("$.sensitivity.input"));
        if (s.steps < 2 || s.steps > whatif::kMaxSensitivitySteps)
            return badRequest("out_of_range",
                              QStringLiteral("$.sensitivity.steps: must be from 2 to %1, got %2")
                                  .arg(whatif::kMaxSensitivitySteps)
                                  .arg(s.steps),
                              QStringLiteral("$.sensitivity.steps"));
        if (!finite(s.from))
            return badRequest("out_of_range", QStringLiteral("$.sensitivity.from: must be finite"),
                              QStringLiteral("$.sensitivity.from"));
        if (!finite(s.to))
            return badRequest("out_of_range", QStringLiteral("$.sensitivity.to: must be finite"),
                              QStringLiteral("$.sensitivity.to"));
        range = whatif::SensitivityRange { *input, s.from, s.to, s.steps };
        if (auto st = range->validate(); !st)
            return badRequest("invalid_value", QStringLiteral("$.sensitivity: ") + st.error(),
                              QStringLiteral("$.sensitivity"));
    }
    auto answer = whatif::rewardWhatIf(inputs, range);
    if (!answer)
        return badRequest("invalid_value", QStringLiteral("$: ") + answer.error(), QStringLiteral("$"));
    nlohmann::ordered_json breakEvens = nlohmann::ordered_json::object();
    for (whatif::RewardInput input :
         { whatif::RewardInput::DeltaVisibility, whatif::RewardInput::DeltaRevenue,
           whatif::RewardInput::ApiCost, whatif::RewardInput::MinRewardThreshold }) {
        auto be = whatif::breakEven(inputs, input);
        if (!be)
            return badRequest("invalid_value", QStringLiteral("$: ") + be.error(), QStringLiteral("$"));
        breakEvens[whatif::rewardInputName(input).toStdString()] = be->toJson();
    }
    nlohmann::ordered_json out = std::move(answer).value();
    // The break-evens before the (possibly long) sweep, so a reader sees them first.
    nlohmann::ordered_json sweep;
    if (out.contains("sensitivity")) {
        sweep = std::move(out["sensitivity"]);
        out.erase("sensitivity");
    }
    out["breakEven"] = std::move(breakEvens);
    if (!sweep.is_null())
        out["sensitivity"] = std::move(sweep);
    return out;
}

Answer<PreparedReplay> prepareReplay(Engine engine, const PolicyReplayRequest& request)
{
    PreparedReplay prepared;
    prepared.request = request;
    const bool adaptive = request.target == QLatin1String("adaptive");
    if (!adaptive && request.target != QLatin1String("static"))
        return badRequest(
            "invalid_value",
            QStringLiteral("$.target: must be \"adaptive\" or \"static\", got \"%1\"").arg(request.target),
            QStringLiteral("$.target"));
    const bool hasSettings = request.learningRate || request.confidenceGate || request.exploration
        || request.minProbability || request.minRewardMultiple;
    if (adaptive && !request.policy.is_null())
        return badRequest("invalid_value", QStringLiteral("$.policy: only for target \"static\""),
                          QStringLiteral("$.policy"));
    if (!adaptive && (hasSettings || !request.costs.empty()))
        return badRequest("invalid_value",
                          QStringLiteral("$.%1: only for target \"adaptive\"")
                              .arg(hasSettings ? QStringLiteral("settings") : QStringLiteral("costs")),
                          hasSettings ? QStringLiteral("$.settings") : QStringLiteral("$.costs"));
    if (!adaptive && request.policy.is_null())
        return badRequest("missing_field", QStringLiteral("$.policy: required for target \"static\""),
                          QStringLiteral("$.policy"));
    if (!adaptive) {
        if (auto p = whatif::StaticPolicy::fromJson(request.policy); !p)
            return badRequest("invalid_value", QStringLiteral("$.policy: ") + p.error(),
                              QStringLiteral("$.policy"));
    }
    bandit::Settings settings = whatif::loggedSettings(engine.orchestrator.spec());
    settings.learningRate = request.learningRate.value_or(settings.learningRate);
    settings.confidenceGate = request.confidenceGate.value_or(settings.confidenceGate);
    settings.exploration = request.exploration.value_or(settings.exploration);
    settings.minProbability = request.minProbability.value_or(settings.minProbability);
    settings.minRewardMultiple = request.minRewardMultiple.value_or(settings.minRewardMultiple);
    if (auto st = settings.validate(); !st)
        return badRequest("out_of_range", QStringLiteral("$.settings: ") + st.error(),
                          QStringLiteral("$.settings"));
    for (const auto& [action, cost] : request.costs) {
        const QString field = QStringLiteral("$.costs.") + action;
        if (bandit::actionIndex(action) < 0)
            return badRequest("invalid_value",
                              QStringLiteral("%1: not an action (%2)")
                                  .arg(field, bandit::actions().join(QStringLiteral(", "))),
                              field);
        if (!std::isfinite(cost) || cost < 0)
            return badRequest("out_of_range", field + QStringLiteral(": must be a finite number >= 0"),
                              field);
    }
    prepared.settings = settings;
    whatif::PolicyReplayOptions options;
    options.since = request.since;
    options.until = request.until;
    options.minRewardedDecisions = request.minRewardedDecisions.value_or(options.minRewardedDecisions);
    options.minEffectiveSampleSize = request.minEffectiveSampleSize.value_or(options.minEffectiveSampleSize);
    options.minEffectiveSampleFraction
        = request.minEffectiveSampleFraction.value_or(options.minEffectiveSampleFraction);
    if (auto st = options.validate(); !st)
        return badRequest("out_of_range", QStringLiteral("$: ") + st.error(), QStringLiteral("$"));

    // The log up to `until` (an adaptive replay learns from decisions before `since` too), paged.
    constexpr int kPage = 10'000;
    const TimeMs to = options.until.value_or(std::numeric_limits<TimeMs>::max());
    qint64 afterId = 0;
    for (;;) {
        auto page = engine.store.decisions(afterId, std::numeric_limits<TimeMs>::min(), to, kPage);
        if (!page)
            return internal(page.error());
        if (page->empty())
            break;
        afterId = page->back().id;
        const bool last = page->size() < std::size_t(kPage);
        if (prepared.log.size() + page->size() > std::size_t(kMaxReplayDecisions))
            return badRequest(
                "out_of_range",
                QStringLiteral("$.until: the decision log up to it holds more than %1 decisions; "
                               "give an earlier until")
                    .arg(kMaxReplayDecisions),
                QStringLiteral("$.until"));
        prepared.log.insert(prepared.log.end(), std::make_move_iterator(page->begin()),
                            std::make_move_iterator(page->end()));
        if (last)
            break;
    }
    return prepared;
}

Answer<nlohmann::ordered_json> runReplay(PreparedReplay prepared)
{
    const PolicyReplayRequest& request = prepared.request;
    whatif::PolicyReplayOptions options;
    options.since = request.since;
    options.until = request.until;
    options.minRewardedDecisions = request.minRewardedDecisions.value_or(options.minRewardedDecisions);
    options.minEffectiveSampleSize = request.minEffectiveSampleSize.value_or(options.minEffectiveSampleSize);
    options.minEffectiveSampleFraction
        = request.minEffectiveSampleFraction.value_or(options.minEffectiveSampleFraction);
    Result<whatif::PolicyReplayReport> report = Error {};
    if (request.target == QLatin1String("static")) {
        auto policy = whatif::StaticPolicy::fromJson(request.policy);
        if (!policy)
            return badRequest("invalid_value", QStringLiteral("$.policy: ") + policy.error(),
                              QStringLiteral("$.policy"));
        report = whatif::replayPolicy(std::move(prepared.log), *policy, options);
    } else {
        whatif::ActionCosts costs = whatif::kDefaultActionCosts;
        for (const auto& [action, cost] : request.costs)
            costs[std::size_t(bandit::actionIndex(action))] = cost;
        report = whatif::replayPolicy(std::move(prepared.log), prepared.settings, costs, options);
    }
    if (!report)
        return badRequest("invalid_value", QStringLiteral("$: ") + report.error(), QStringLiteral("$"));
    return report->toJson();
}

} // namespace orch::queries
