#include <map>

#include <QDir>
#include <QSaveFile>

#include "audit/auditcrypto.h"
#include "audit/auditformat.h"
#include "audit/audithex.h"
#include "audit/auditkeys.h"
#include "audit/auditlog.h"
#include "audit/auditscan.h"
#include "common/strictjson.h"

namespace orch::audit {

using detail::strictHex;
using detail::toHex;

namespace {

constexpr qsizetype kMaxBundleBytes = 1024LL * 1024 * 1024;

quint64 largestPowerOfTwoBelow(quint64 n)
{
    quint64 k = 1;
    while (k << 1 < n)
        k <<= 1;
    return k;
}

// RFC 6962 audit paths over a tree whose first `pruned` leaves are gone: their hashes are
// replaced by the Merkle frontier kept in the first retained segment's header, which holds
// every subtree a path to a retained leaf can need.
class ProofBuilder
{
public:
    ProofBuilder(const format::MerkleFrontier& start, const std::vector<QByteArray>& leaves)
        : m_pruned(start.size())
        , m_leaves(leaves)
    {
        quint64 begin = 0;
        quint64 remaining = start.size();
        for (const QByteArray& node : start.nodes()) {
            const quint64 size = quint64(1) << (63 - std::countl_zero(remaining));
            m_memo[{ begin, begin + size }] = node;
            begin += size;
            remaining -= size;
        }
    }

    Result<std::vector<QByteArray>> path(quint64 leaf, quint64 treeSize)
    {
        std::vector<QByteArray> out;
        if (auto st = pathInto(leaf, 0, treeSize, out); !st)
            return fail(st.error());
        return out;
    }

private:
    Result<QByteArray> subtree(quint64 begin, quint64 end)
    {
        if (auto it = m_memo.find({ begin, end }); it != m_memo.end())
            return it->second;
        if (end <= m_pruned)
            return fail(QStringLiteral("a proof needs the pruned subtree [%1, %2)").arg(begin).arg(end));
        if (end - begin == 1) {
            if (begin - m_pruned >= m_leaves.size())
                return fail(QStringLiteral("leaf %1 is not in the log").arg(begin));
            return m_leaves[begin - m_pruned];
        }
        const quint64 k = largestPowerOfTwoBelow(end - begin);
        auto left = subtree(begin, begin + k);
        if (!left)
            return left;
        auto right = subtree(begin + k, end);
        if (!right)
            return right;
        QByteArray node = format::nodeHash(*left, *right);
        m_memo[{ begin, end }] = node;
        return node;
    }

    Status pathInto(quint64 leaf, quint64 begin, quint64 end, std::vector<QByteArray>& out)
    {
        if (end - begin <= 1)
            return success();
        const quint64 k = largestPowerOfTwoBelow(end - begin);
        const bool left = leaf < begin + k;
        if (auto st = left ? pathInto(leaf, begin, begin + k, out) : pathInto(leaf, begin + k, end, out); !st)
            return st;
        auto sibling = left ? subtree(begin + k, end) : subtree(begin, begin + k);
        if (!sibling)
            return fail(sibling.error());
        out.push_back(*sibling);
        return success();
    }

    quint64 m_pruned;
    const std::vector<QByteArray>& m_leaves;
    std::map<std::pair<quint64, quint64>, QByteArray> m_memo;
};

struct SelectedEntry
{
    quint64 sequence;
    QByteArray header;
    QByteArray sealed; // ciphertext || tag
    QByteArray plaintext;
};

} // namespace

Status exportBundle(const QString& dataDir, const Filter& filter, const QString& bundlePath)
{
    const QString auditDir = QDir(dataDir).absoluteFilePath(QStringLiteral("audit"));
    KeyStore keys(auditDir + QStringLiteral("/keys"));
    std::vector<Record> selected;
    auto records = read(dataDir, filter); // verifies the trail and applies the filter
    if (!records)
        return fail(records.error());
    std::map<quint64, bool> wanted;
    for (const Record& r : *records)
        wanted[quint64(r.sequence)] = true;

    std::vector<SelectedEntry> entries;
    detail::ScanOptions options;
    options.forgiveTornTail = true;
    options.collectLeaves = true;
    options.onRecord = [&](const detail::ScannedRecord& r) {
        if (r.header.kind == format::Kind::Entry && wanted.count(r.header.sequence))
            entries.push_back({ r.header.sequence, r.payload.first(format::kRecordHeaderSize).toByteArray(),
                                r.payload.sliced(format::kRecordHeaderSize).toByteArray(), r.plaintext });
    };
    auto scan = detail::scanVerifiedLog(auditDir, keys, options);
    if (!scan)
        return fail(scan.error());
    if (!scan->report.latestCheckpoint)
        return fail(QStringLiteral("the audit trail holds no signed checkpoint yet; nothing can be proven"));
    const Checkpoint& cp = *scan->report.latestCheckpoint;
    auto publicPem = readWholeFile(keys.signingPublicPath(), 64 * 1024);
    if (!publicPem)
        return fail(publicPem.error());

    ProofBuilder builder(scan->startFrontier, scan->leaves);
    nlohmann::ordered_json out;
    out["format"] = "orch-audit-bundle/1";
    out["checkpoint"] = cp.toJson();
    out["publicKey"] = publicPem->toStdString();
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    int omitted = 0;
    for (const SelectedEntry& e : entries) {
        if (e.sequence > quint64(cp.sequence)) {
            ++omitted; // after the latest checkpoint: not provable yet
            continue;
        }
        auto proof = builder.path(e.sequence - 1, quint64(cp.sequence));
        if (!proof)
            return fail(proof.error());
        nlohmann::ordered_json hexProof = nlohmann::ordered_json::array();
        for (const QByteArray& node : *proof)
            hexProof.push_back(toHex(node));
        list.push_back({ { "sequence", e.sequence },
                         { "header", toHex(e.header) },
                         { "sealed", toHex(e.sealed) },
                         { "plaintext", e.plaintext.toStdString() },
                         { "proof", hexProof } });
    }
    out["entries"] = list;
    out["omittedAfterCheckpoint"] = omitted;

    QSaveFile file(bundlePath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(bundlePath, file.errorString()));
    file.write(QByteArray::fromStdString(out.dump(2)));
    file.write("\n");
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(bundlePath, file.errorString()));
    return success();
}

namespace {

constexpr const char* kBundleFormat = "orch-audit-bundle/1";

// The bundle file, parsed strictly (a syntax error names its line and column), with the fields
// every reader needs checked by path. Errors: the file is not a bundle.
Result<nlohmann::json> parseBundle(const QString& bundlePath)
{
    auto bytes = readWholeFile(bundlePath, kMaxBundleBytes);
    if (!bytes)
        return fail(bytes.error());
    auto parsed
        = json::parseStrict(std::string_view(bytes->constData(), size_t(bytes->size())), { .maxDepth = 16 });
    if (!parsed)
        return fail(QStringLiteral("%1: %2").arg(bundlePath, parsed.error()));
    const nlohmann::json& bundle = *parsed;
    const auto notABundle = [&](const QString& problem) {
        return fail(QStringLiteral("%1 is not an audit evidence bundle: %2").arg(bundlePath, problem));
    };
    if (!bundle.is_object())
        return notABundle(QStringLiteral("(root): must be an object, got %1").arg(json::typeName(bundle)));
    const auto& format = bundle.value("format", nlohmann::json());
    if (format != kBundleFormat)
        return notABundle(QStringLiteral("format: must be \"%1\", got %2")
                              .arg(QLatin1String(kBundleFormat), json::brief(format)));
    const auto typed = [&](const char* key, bool ok, const char* expected) -> std::optional<QString> {
        if (!bundle.contains(key))
            return QStringLiteral("%1: missing").arg(QLatin1String(key));
        if (!ok)
            return QStringLiteral("%1: must be %2, got %3")
                .arg(QLatin1String(key), QLatin1String(expected), json::typeName(bundle[key]));
        return std::nullopt;
    };
    for (const auto& problem :
         { typed("checkpoint", bundle.value("checkpoint", nlohmann::json()).is_object(), "an object"),
           typed("publicKey", bundle.value("publicKey", nlohmann::json()).is_string(), "a string"),
           typed("entries", bundle.value("entries", nlohmann::json()).is_array(), "an array") }) {
        if (problem)
            return notABundle(*problem);
    }
    return std::move(parsed).value();
}

// The first problem of entry `index`'s shape, as "field: reason" (empty when it is well formed).
QString entryShapeProblem(const nlohmann::json& entry)
{
    if (!entry.is_object())
        return QStringLiteral("must be an object, got %1").arg(json::typeName(entry));
    const auto& sequence = entry.value("sequence", nlohmann::json());
    if (!sequence.is_number_integer() || sequence.get<qint64>() <= 0)
        return QStringLiteral("sequence: must be an integer > 0, got %1").arg(json::brief(sequence));
    const auto hexField = [&](const char* key, int bytes) -> QString {
        const auto& v = entry.value(key, nlohmann::json());
        if (!v.is_string() || !strictHex(v.get<std::string>(), bytes))
            return bytes > 0
                ? QStringLiteral("%1: must be %2 bytes of hex").arg(QLatin1String(key)).arg(bytes)
                : QStringLiteral("%1: must be a hex string").arg(QLatin1String(key));
        return {};
    };
    if (QString p = hexField("header", format::kRecordHeaderSize); !p.isEmpty())
        return p;
    if (QString p = hexField("sealed", -1); !p.isEmpty())
        return p;
    if (!entry.value("plaintext", nlohmann::json()).is_string())
        return QStringLiteral("plaintext: must be a string, got %1")
            .arg(json::typeName(entry.value("plaintext", nlohmann::json())));
    const auto& proof = entry.value("proof", nlohmann::json());
    if (!proof.is_array())
        return QStringLiteral("proof: must be an array, got %1").arg(json::typeName(proof));
    for (std::size_t i = 0; i < proof.size(); ++i) {
        if (!proof[i].is_string() || !strictHex(proof[i].get<std::string>(), crypto::kHashSize))
            return QStringLiteral("proof[%1]: must be %2 bytes of hex").arg(i).arg(crypto::kHashSize);
    }
    return {};
}

// Checks a parsed bundle against `given` (the key the reader trusts; null: the key the bundle
// carries) and, when `records` is not null, decodes its entries into it. A bundle that fails a
// check is a report that is not ok, naming the entry ("entries[3] (sequence 17): ...").
Result<VerifyReport> checkBundle(const nlohmann::json& bundle, EVP_PKEY* given, const QString& givenName,
                                 QString* keyId, std::vector<Record>* records)
{
    VerifyReport report;
    const auto bad = [&](qint64 sequence, const QString& reason) {
        report.ok = false;
        report.firstBadSequence = sequence;
        report.reason = reason;
        if (records)
            records->clear(); // nothing of a damaged bundle is shown
        return report;
    };
    auto embedded
        = crypto::loadPublicKeyPem(QByteArray::fromStdString(bundle["publicKey"].get<std::string>()),
                                   QStringLiteral("the bundle's publicKey"));
    if (!embedded)
        return bad(0, embedded.error());
    if (!given)
        given = embedded->get();
    else if (!crypto::equalConstantTime(crypto::rawPublicKey(embedded->get()), crypto::rawPublicKey(given)))
        return bad(0,
                   QStringLiteral("the bundle's public key (id %1) is not the given key %2 (id %3)")
                       .arg(crypto::publicKeyId(embedded->get()), givenName, crypto::publicKeyId(given)));
    if (keyId)
        *keyId = crypto::publicKeyId(given);
    auto cp = Checkpoint::fromJson(bundle["checkpoint"]);
    if (!cp)
        return bad(0, QStringLiteral("bundle checkpoint: %1").arg(cp.error()));
    if (cp->signingKeyId != crypto::publicKeyId(given)
        || !crypto::verifySignature(given, format::checkpointMessage(*cp), cp->signature))
        return bad(
            0, QStringLiteral("the bundle's checkpoint signature does not verify with %1").arg(givenName));
    report.latestCheckpoint = *cp;

    const nlohmann::json& entries = bundle["entries"];
    qint64 previous = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const nlohmann::json& entry = entries[i];
        const qint64 sequence
            = entry.is_object() && entry.value("sequence", nlohmann::json()).is_number_integer()
            ? entry["sequence"].get<qint64>()
            : 0;
        const QString where = sequence > 0 ? QStringLiteral("entries[%1] (sequence %2)").arg(i).arg(sequence)
                                           : QStringLiteral("entries[%1]").arg(i);
        if (QString problem = entryShapeProblem(entry); !problem.isEmpty())
            return bad(sequence, QStringLiteral("%1: bundle entry is malformed: %2").arg(where, problem));
        if (sequence <= previous)
            return bad(sequence,
                       QStringLiteral("%1: sequence: must be greater than the entry before it (%2)")
                           .arg(where)
                           .arg(previous));
        previous = sequence;
        const QByteArray header = *strictHex(entry["header"].get<std::string>());
        const QByteArray payload = QByteArray(header).append(*strictHex(entry["sealed"].get<std::string>()));
        auto rh = format::RecordHeader::decode(payload);
        if (!rh)
            return bad(sequence, QStringLiteral("%1: record header: %2").arg(where, rh.error()));
        if (rh->kind != format::Kind::Entry || rh->sequence != quint64(sequence) || sequence > cp->sequence)
            return bad(
                sequence,
                QStringLiteral("%1: header names sequence %2 (kind %3); the checkpoint covers up to %4")
                    .arg(where)
                    .arg(rh->sequence)
                    .arg(format::kindName(rh->kind))
                    .arg(cp->sequence));
        const std::string& text = entry["plaintext"].get_ref<const std::string&>();
        if (!crypto::equalConstantTime(crypto::sha256(QByteArrayView(text.data(), qsizetype(text.size()))),
                                       rh->digest))
            return bad(
                sequence,
                QStringLiteral("%1: its plaintext does not match the digest in its authenticated header")
                    .arg(where));
        auto body = json::parseStrict(text, { .maxDepth = 64 });
        if (!body)
            return bad(sequence, QStringLiteral("%1: plaintext is not JSON: %2").arg(where, body.error()));
        if (QString problem = detail::checkEntryBody(*body, quint64(sequence)); !problem.isEmpty())
            return bad(sequence, QStringLiteral("%1: %2").arg(where, problem));
        std::vector<QByteArray> proof;
        for (const auto& node : entry["proof"])
            proof.push_back(*strictHex(node.get<std::string>(), crypto::kHashSize));
        if (!format::verifyInclusion(quint64(sequence - 1), quint64(cp->sequence), format::leafHash(payload),
                                     proof, cp->merkleRoot))
            return bad(
                sequence,
                QStringLiteral("%1: its inclusion proof does not lead to the signed Merkle root").arg(where));
        if (records) {
            Record record;
            record.sequence = sequence;
            record.timestamp = rh->timestamp;
            record.keyId = rh->keyId;
            record.type = QString::fromStdString((*body)["type"].get<std::string>());
            record.cause = (*body)["cause"].get<qint64>();
            record.actor = QString::fromStdString((*body)["actor"].get<std::string>());
            record.data = std::move((*body)["data"]);
            record.checkpointed = true;
            records->push_back(std::move(record));
        }
        ++report.records;
    }
    report.ok = true;
    return report;
}

Result<crypto::PkeyPtr> loadGivenKey(const QString& publicKeyPath)
{
    auto pem = readWholeFile(publicKeyPath, 64 * 1024);
    if (!pem)
        return fail(pem.error());
    return crypto::loadPublicKeyPem(*pem, publicKeyPath);
}

} // namespace

Result<VerifyReport> verifyBundle(const QString& bundlePath, const QString& publicKeyPath)
{
    auto bundle = parseBundle(bundlePath);
    if (!bundle)
        return fail(bundle.error());
    auto given = loadGivenKey(publicKeyPath);
    if (!given)
        return fail(given.error());
    return checkBundle(*bundle, given->get(), publicKeyPath, nullptr, nullptr);
}

Result<BundleContents> readBundle(const QString& bundlePath, const QString& publicKeyPath)
{
    auto bundle = parseBundle(bundlePath);
    if (!bundle)
        return fail(bundle.error());
    crypto::PkeyPtr given;
    if (!publicKeyPath.isEmpty()) {
        auto loaded = loadGivenKey(publicKeyPath);
        if (!loaded)
            return fail(loaded.error());
        given = std::move(loaded).value();
    }
    BundleContents out;
    out.keyFromBundle = !given;
    auto report
        = checkBundle(*bundle, given.get(), given ? publicKeyPath : QStringLiteral("the bundle's own key"),
                      &out.signingKeyId, &out.records);
    if (!report)
        return fail(report.error());
    out.report = std::move(report).value();
    return out;
}

Result<BundleSubset> writeBundleSubset(const QString& sourceBundle, const std::set<qint64>& sequences,
                                       const QString& bundlePath)
{
    auto bundle = parseBundle(sourceBundle);
    if (!bundle)
        return fail(bundle.error());
    nlohmann::json kept = nlohmann::json::array();
    std::set<qint64> present;
    const nlohmann::json& entries = (*bundle)["entries"];
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (QString problem = entryShapeProblem(entries[i]); !problem.isEmpty())
            return fail(QStringLiteral("%1: entries[%2]: %3").arg(sourceBundle).arg(i).arg(problem));
        const qint64 sequence = entries[i]["sequence"].get<qint64>();
        if (sequences.count(sequence) && present.insert(sequence).second)
            kept.push_back(entries[i]);
    }
    BundleSubset out;
    out.entries = int(kept.size());
    out.omitted = int(sequences.size() - present.size());
    // The same document with fewer entries, keys in the order exportBundle writes them.
    nlohmann::ordered_json written;
    written["format"] = kBundleFormat;
    written["checkpoint"] = (*bundle)["checkpoint"];
    written["publicKey"] = (*bundle)["publicKey"];
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const nlohmann::json& e : kept)
        list.push_back({ { "sequence", e["sequence"] },
                         { "header", e["header"] },
                         { "sealed", e["sealed"] },
                         { "plaintext", e["plaintext"] },
                         { "proof", e["proof"] } });
    written["entries"] = std::move(list);
    written["omittedAfterCheckpoint"] = out.omitted;
    QSaveFile file(bundlePath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(bundlePath, file.errorString()));
    file.write(QByteArray::fromStdString(written.dump(2)));
    file.write("\n");
    if (!file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(bundlePath, file.errorString()));
    return out;
}

} // namespace orch::audit
