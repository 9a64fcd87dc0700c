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

Result<VerifyReport> verifyBundle(const QString& bundlePath, const QString& publicKeyPath)
{
    auto bytes = readWholeFile(bundlePath, kMaxBundleBytes);
    if (!bytes)
        return fail(bytes.error());
    auto parsed
        = json::parseStrict(std::string_view(bytes->constData(), size_t(bytes->size())), { .maxDepth = 16 });
    if (!parsed)
        return fail(QStringLiteral("%1: %2").arg(bundlePath, parsed.error()));
    const nlohmann::json& bundle = *parsed;
    if (!bundle.is_object() || bundle.value("format", nlohmann::json()) != "orch-audit-bundle/1"
        || !bundle.value("entries", nlohmann::json()).is_array()
        || !bundle.value("publicKey", nlohmann::json()).is_string() || !bundle.contains("checkpoint"))
        return fail(
            QStringLiteral("%1 is not an audit evidence bundle (format orch-audit-bundle/1 with checkpoint, "
                           "publicKey and entries)")
                .arg(bundlePath));
    auto givenPem = readWholeFile(publicKeyPath, 64 * 1024);
    if (!givenPem)
        return fail(givenPem.error());
    auto given = crypto::loadPublicKeyPem(*givenPem, publicKeyPath);
    if (!given)
        return fail(given.error());

    VerifyReport report;
    const auto bad = [&](qint64 sequence, const QString& reason) {
        report.ok = false;
        report.firstBadSequence = sequence;
        report.reason = reason;
        return report;
    };
    auto embedded
        = crypto::loadPublicKeyPem(QByteArray::fromStdString(bundle["publicKey"].get<std::string>()),
                                   QStringLiteral("the bundle's publicKey"));
    if (!embedded)
        return bad(0, embedded.error());
    if (!crypto::equalConstantTime(crypto::rawPublicKey(embedded->get()), crypto::rawPublicKey(given->get())))
        return bad(
            0,
            QStringLiteral("the bundle's public key (id %1) is not the given key %2 (id %3)")
                .arg(crypto::publicKeyId(embedded->get()), publicKeyPath, crypto::publicKeyId(given->get())));
    auto cp = Checkpoint::fromJson(bundle["checkpoint"]);
    if (!cp)
        return bad(0, QStringLiteral("bundle checkpoint: %1").arg(cp.error()));
    if (cp->signingKeyId != crypto::publicKeyId(given->get())
        || !crypto::verifySignature(given->get(), format::checkpointMessage(*cp), cp->signature))
        return bad(
            0,
            QStringLiteral("the bundle's checkpoint signature does not verify with %1").arg(publicKeyPath));
    report.latestCheckpoint = *cp;

    for (const nlohmann::json& entry : bundle["entries"]) {
        const qint64 sequence
            = entry.is_object() && entry.value("sequence", nlohmann::json()).is_number_integer()
            ? entry["sequence"].get<qint64>()
            : 0;
        const auto field = [&](const char* name) -> std::optional<QByteArray> {
            const auto& v = entry.value(name, nlohmann::json());
            return v.is_string() ? strictHex(v.get<std::string>()) : std::nullopt;
        };
        const auto header = field("header");
        const auto sealed = field("sealed");
        const auto& plaintextJson = entry.value("plaintext", nlohmann::json());
        const auto& proofJson = entry.value("proof", nlohmann::json());
        if (sequence <= 0 || !header || !sealed || !plaintextJson.is_string() || !proofJson.is_array())
            return bad(sequence,
                       QStringLiteral("bundle entry is malformed (sequence, header, sealed, plaintext, "
                                      "proof)"));
        const QByteArray payload = QByteArray(*header).append(*sealed);
        auto rh = format::RecordHeader::decode(payload);
        if (!rh || header->size() != format::kRecordHeaderSize)
            return bad(sequence, QStringLiteral("entry %1: record header: %2").arg(sequence).arg(rh.error()));
        if (rh->kind != format::Kind::Entry || rh->sequence != quint64(sequence) || sequence > cp->sequence)
            return bad(sequence,
                       QStringLiteral("entry %1: header names sequence %2 (kind %3); the checkpoint covers "
                                      "up to %4")
                           .arg(sequence)
                           .arg(rh->sequence)
                           .arg(format::kindName(rh->kind))
                           .arg(cp->sequence));
        const QByteArray plaintext = QByteArray::fromStdString(plaintextJson.get<std::string>());
        if (!crypto::equalConstantTime(crypto::sha256(plaintext), rh->digest))
            return bad(sequence,
                       QStringLiteral("entry %1: its plaintext does not match the digest in its "
                                      "authenticated header")
                           .arg(sequence));
        auto body = json::parseStrict(plaintextJson.get_ref<const std::string&>(), { .maxDepth = 64 });
        if (!body)
            return bad(sequence,
                       QStringLiteral("entry %1: plaintext is not JSON: %2").arg(sequence).arg(body.error()));
        if (QString problem = detail::checkEntryBody(*body, quint64(sequence)); !problem.isEmpty())
            return bad(sequence, QStringLiteral("entry %1: %2").arg(sequence).arg(problem));
        std::vector<QByteArray> proof;
        for (const auto& node : proofJson) {
            auto hash = node.is_string() ? strictHex(node.get<std::string>(), 32) : std::nullopt;
            if (!hash)
                return bad(sequence,
                           QStringLiteral("entry %1: proof node is not 32 bytes of hex").arg(sequence));
            proof.push_back(*hash);
        }
        const QByteArray leaf = format::leafHash(payload);
        if (!format::verifyInclusion(quint64(sequence - 1), quint64(cp->sequence), leaf, proof,
                                     cp->merkleRoot))
            return bad(sequence,
                       QStringLiteral("entry %1: its inclusion proof does not lead to the signed Merkle root")
                           .arg(sequence));
        ++report.records;
    }
    report.ok = true;
    return report;
}

} // namespace orch::audit
