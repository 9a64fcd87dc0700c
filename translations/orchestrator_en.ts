<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConsoleCommandLine</name>
    <message>
        <source>Keep the orchestrator&apos;s store in &lt;dir&gt; (default: a temporary directory).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orchestrator spec document (default: the built-in SPEC.md values).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dealerships in the simulated fleet (default: 25).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed of the simulated fleet (default: 42).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall-clock milliseconds per simulated 15-minute tick (default: 250).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days simulated as fast as possible before the live pace starts (default: 8).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the warm-up and a few live ticks, save every page as &lt;dir&gt;/&lt;page&gt;.png, and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autonomic Orchestrator console: watches an orchestrator running embedded on a simulated fleet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-negative whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an existing spec file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1: expected %2, got &quot;%3&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &lt;lang&gt; for this run: system, en, de or es (default: the choice in the View menu, else the system&apos;s language).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the file name must end in .png or .svg</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeFormat</name>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>ISO time · relative hint</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run &apos;%1 --help&apos; for the options.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::EmbeddedClient</name>
    <message numerus="yes">
        <source>Embedded · simulated fleet (%n dealer(s))</source>
        <translation>
            <numerusform>Embedded · simulated fleet (%n dealer)</numerusform>
            <numerusform>Embedded · simulated fleet (%n dealers)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create a temporary data directory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded orchestrator is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded orchestrator did not accept the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded orchestrator stopped before answering.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ApprovalsModel</name>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>promote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 of %2 approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ApprovalsPage</name>
    <message>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollbacks and promotions waiting for an analyst, from every connected orchestrator. Each decision needs a comment and is recorded in that orchestrator&apos;s audit trail with your identity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orchestrators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refuse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: %n waiting</source>
        <translation>
            <numerusform>%1 &lt;b&gt;%2&lt;/b&gt;: %n waiting</numerusform>
            <numerusform>%1 &lt;b&gt;%2&lt;/b&gt;: %n waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: unreachable (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No orchestrator connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No orchestrator connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one on the Connections page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No orchestrator is reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals appear here as soon as one answers; nothing stale is shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing waits on you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollbacks and promotions that need an analyst&apos;s decision appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Select an approval to see its evidence.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You decide as %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an anonymous approver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role on %1 is %2: only an approver can approve or refuse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Rollout #%1 (%2) asks to %3&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Why:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Requested:&lt;/b&gt; %2 by %3 on %4&lt;br&gt;&lt;b&gt;Scope:&lt;/b&gt; %5 · &lt;b&gt;approvals:&lt;/b&gt; %6 of %7 · &lt;b&gt;expires:&lt;/b&gt; %8&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Error rate:&lt;/b&gt; %1 %&lt;br&gt;&lt;b&gt;Canary:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Drift open on canary dealers:&lt;/b&gt; %3&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Open detections&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;li&gt;%1 / %2: std %3 (peak %4), open since %5&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Verification&lt;/b&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;not run yet&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;li&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt; %3: %4&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Agents&apos; votes&lt;/b&gt; (consensus %1 %)&lt;/p&gt;&lt;ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;li&gt;%1: %2 (%3)&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Cause chain&lt;/b&gt; (newest first)&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;no audit records name this rollout&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;the orchestrator keeps no audit trail&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;li&gt;#%1 &lt;b&gt;%2&lt;/b&gt; %3 by %4%5&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> &lt;i&gt;(not yet signed)&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;History&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;li&gt;%1 %2 by %3%4&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>promote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve: %1 rollout #%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse: %1 rollout #%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 will %2 rollout #%3 (%4) now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollout #%1 stays as it is and no longer asks; only an analyst moves it from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to %1: nothing was decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending your decision on rollout #%1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved rollout #%1 on %2: now %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused rollout #%1 on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The decision on rollout #%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditPage</name>
    <message>
        <source>record %1, %2, key %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The records could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1</source>
        <translation>
            <numerusform>Exported %n record to %1</numerusform>
            <numerusform>Exported %n records to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n left out: after the latest signed checkpoint, not provable yet</source>
        <translation>
            <numerusform>; %n left out: after the latest signed checkpoint, not provable yet</numerusform>
            <numerusform>; %n left out: after the latest signed checkpoint, not provable yet</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify and browse an audit trail or an evidence bundle offline: no orchestrator is needed, only the files (and the key files for a trail).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open audit &amp;directory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A data directory (holding audit/) or its audit directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open evidence &amp;bundle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this console&apos;s trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Against the trusted checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also prove that the trail still holds everything up to a checkpoint you kept: catches a cut-off tail and rewritten history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep the verified checkpoint as trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save the trusted checkpoint to a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust a checkpoint from a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget the trusted checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export selection as bundle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected records with Merkle inclusion proofs against the signed checkpoint: verifiable with the public key alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audit trail open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a data directory&apos;s audit trail (DATA/audit, with its keys) or an evidence bundle exported with “orchestratorctl audit export” or from this page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all, or a prefix: drift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caused by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caused by record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a record to see its data and its cause chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause chain (double-click to follow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an audit directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an evidence bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence bundles (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The publisher&apos;s signing key (signing-public.pem); Cancel: only check the key the bundle carries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public keys (*.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence bundle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence bundle %1, checked with %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Intact.&lt;/b&gt; %n entry(ies) proven included in the signed checkpoint</source>
        <translation>
            <numerusform>&lt;b&gt;Intact.&lt;/b&gt; %n entry proven included in the signed checkpoint</numerusform>
            <numerusform>&lt;b&gt;Intact.&lt;/b&gt; %n entries proven included in the signed checkpoint</numerusform>
        </translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, signed with the key you chose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>.&lt;br&gt;Checked only against the key the bundle carries (id %1): open it with the publisher&apos;s signing-public.pem to prove who signed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Intact.&lt;/b&gt; %1 records verified: every tag, link, signature and segment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Latest signed checkpoint: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;No signed checkpoint yet: nothing is provable to a third party.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Holds everything up to your trusted checkpoint (%1), unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification failed at record %1.&lt;/b&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification failed.&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;Checked against your trusted checkpoint (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not verify.&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification cancelled.&lt;/b&gt; Nothing was concluded; verify again to see the verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding the records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 failed verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trail failed verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Nothing is shown from a damaged trail: its records cannot be told apart from forgeries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit trail could not be verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify again to see the records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trail holds no records yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n records selected</source>
        <translation>
            <numerusform>%n record selected</numerusform>
            <numerusform>%n records selected</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1  %2  %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1  (not in this trail or bundle)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing: this record starts its chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing (yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an audit directory first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the checkpoint of a trail that verified intact can be trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trail holds no signed checkpoint yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept the checkpoint at record %1 as trusted for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No trusted checkpoint is kept for this trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the trusted checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the trusted checkpoint to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusting the checkpoint in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none kept for this trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the selection as an evidence bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n record(s)…</source>
        <translation>
            <numerusform>Exporting %n record…</numerusform>
            <numerusform>Exporting %n records…</numerusform>
        </translation>
    </message>
    <message>
        <source>Decoding cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filtering %1 records…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditRecordModel</name>
    <message>
        <source>signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unverified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Covered by a signed checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the latest signed checkpoint: chained and authenticated, but not yet provable to a third party</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditReview</name>
    <message>
        <source>Verification cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an audit directory is read record by record; a bundle loads when verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the records to export first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding the records was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::CommentDialog</name>
    <message>
        <source>&amp;Comment (required; recorded in the audit trail with your identity):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why: what you checked, what you expect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 characters: at most %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ComponentDetails</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bayesian reweighting of the AIV/ATI coefficients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watches the standardized metric features of every dealer for drift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learns which fix to apply where, and coordinates the other components.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents that vote on fixes, verify them and roll them out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>daily at %1Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (weights are published only above it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n minute(s)</source>
        <translation>
            <numerusform>every minute</numerusform>
            <numerusform>every %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 samples, against a baseline of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verification fails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drift is detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consensus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least %1 of the votes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolls back when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a component to see how it is configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ComponentStatusModel</name>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on demand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API name: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has not run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs when triggered, not on a schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posterior confidence %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This component reports no confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionConfig</name>
    <message>
        <source>id: required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name: required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>publicKeyPins: each pin must be the SHA-256 of the server&apos;s public key (SubjectPublicKeyInfo) as base64, 44 characters like HPKP pin-sha256, or as 64 hex digits (colons allowed), got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>publicKeyPins: public-key pins apply to https only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dealers: must be between 1 and 100000, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedded · simulated fleet (%1 dealers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kind: must be embedded or remote, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: required (http://host:port or https://host:port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: not a valid address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: the scheme must be http or https (https://host:port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: the scheme must be http or https, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: the host is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: no user name or password in the address; the token goes in the token field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: no query or fragment (?…, #…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url: port must be between 1 and 65535, got 0</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionEditor</name>
    <message>
        <source>Add a connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production EU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remote orchestratord</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Embedded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s certificate authorities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA certificate (PEM) to trust for this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pin-sha256 of the server&apos;s key, then a backup key&apos;s (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public-key pins, separated by commas: the SHA-256 of the server key&apos;s SubjectPublicKeyInfo in base64 (or hex), e.g. openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64. Give the current key&apos;s and a backup key&apos;s. The certificate must still be trusted (a system CA or the CA certificate above); a server whose key is none of these is refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public-key &amp;pins:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the system keychain, never in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: a fresh simulated fleet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator&apos;s data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated &amp;dealers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name: required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate: %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data directory: %1 is not a directory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionManager</name>
    <message>
        <source>this console was built without the remote client (core/net): remote orchestrators cannot be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id: a connection %1 exists already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id: no saved connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no client for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token is kept for this session only: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionTokens</name>
    <message>
        <source>the system keychain is not available</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionsPage</name>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every orchestrator this console watches: the embedded one and any number of remote orchestratord&apos;s, with their phase and what waits on you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of %1 is kept for this session only (%2); you will be asked for it again next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1 (and its token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain (%1): tokens are kept for this session only and are never written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this orchestrator on the Status, Drift, Reward simulator, Governance and Specification pages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::DriftPage</name>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet-wide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plotted quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standardized std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole range (Home, or double-click the chart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart as SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart&apos;s data as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the drift series…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drift series appear once the orchestrator is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator is not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highest dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drift series could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No series yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator has not received any samples. Series appear as samples arrive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to show in this range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The standardized std starts once a series&apos; baseline (%1 samples) and first window (%2 samples) are complete. Choose a longer range or plot the values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples in the selected range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, fleet-wide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standardized std: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>std of the last window&apos;s z-scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within the threshold: |std − 1| ≤ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift detected</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) in range</source>
        <translation>
            <numerusform>%n sample in range</numerusform>
            <numerusform>%n samples in range</numerusform>
        </translation>
    </message>
    <message>
        <source>no drift episodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n drift episode(s)</source>
        <translation>
            <numerusform>%n drift episode</numerusform>
            <numerusform>%n drift episodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n open)</source>
        <translation>
            <numerusform> (%n open)</numerusform>
            <numerusform> (%n open)</numerusform>
        </translation>
    </message>
    <message>
        <source>band: 1 ± %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many samples since the series began to recompute its std here: values shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>downsampled by the orchestrator (min/max per bucket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no chart to export.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::EngineStatusBar</name>
    <message>
        <source>Connection indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orchestrator clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator&apos;s clock, in UTC. The embedded orchestrator runs on simulated time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock: —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock: %1 (paused)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Simulating the first %n day(s)…</source>
        <translation>
            <numerusform>Simulating the first day…</numerusform>
            <numerusform>Simulating the first %n days…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock: %1 (last known, not live)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::FleetModel</name>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting on you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status as of (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the replicas disagree on the number of shards (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 are all configured as replica %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shard %1 is held twice: by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shard %1 is taken over by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shard %1 is missing: no connected replica holds it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shards %1 are missing: no connected replica holds them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shards %1/%2 healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shards %1/%2 held · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no replica connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shard %1 · not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shard %1 · holds none</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>shard %1 · holds %2 · %n dealer(s)</source>
        <translation>
            <numerusform>shard %1 · holds %2 · %n dealer</numerusform>
            <numerusform>shard %1 · holds %2 · %n dealers</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (sharded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n replica connection(s)</source>
        <translation>
            <numerusform>%n replica connection</numerusform>
            <numerusform>%n replica connections</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redis: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shards</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::FleetView</name>
    <message>
        <source>Fleet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting on you: unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing waits on you</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n approval(s) wait on you&lt;/b&gt;&lt;/span&gt;</source>
        <translation>
            <numerusform>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n approval waits on you&lt;/b&gt;&lt;/span&gt;</numerusform>
            <numerusform>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n approvals wait on you&lt;/b&gt;&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::GovernanceModel</name>
    <message>
        <source>Cap reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Refused %n time(s)</source>
        <translation>
            <numerusform>Refused once</numerusform>
            <numerusform>Refused %n times</numerusform>
        </translation>
    </message>
    <message>
        <source>Near the cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refusal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the %2 monthly cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Of the cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged fixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reward measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Meets (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Below (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 pending)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision %1 (%2) of %3, reward %4 measured %5: %6 the %7× reward threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>below</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Of %n rewarded decision(s) this month; the threshold: a positive reward and ΔVisibility·ΔRevenue ≥ %1 × the API cost</source>
        <translation>
            <numerusform>Of %n rewarded decision this month; the threshold: a positive reward and ΔVisibility·ΔRevenue ≥ %1 × the API cost</numerusform>
            <numerusform>Of %n rewarded decisions this month; the threshold: a positive reward and ΔVisibility·ΔRevenue ≥ %1 × the API cost</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) wait for their reward to be measured</source>
        <translation>
            <numerusform>%n decision waits for its reward to be measured</numerusform>
            <numerusform>%n decisions wait for their reward to be measured</numerusform>
        </translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meet threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Below threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last verdict</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::GovernancePage</name>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter dealers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by dealer or budget…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend per dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API spend per dealer, by month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend over time chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (this month)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The governance ledger appears once the orchestrator is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator is not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The governance ledger could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rollouts could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 spent by %n dealer(s) against a cap of %3 each · %4 at the cap · %5 refusal(s) · smallest remaining budget %6 · reward threshold %7×</source>
        <translation>
            <numerusform>%1: %2 spent by %n dealer against a cap of %3 each · %4 at the cap · %5 refusal(s) · smallest remaining budget %6 · reward threshold %7×</numerusform>
            <numerusform>%1: %2 spent by %n dealers against a cap of %3 each · %4 at the cap · %5 refusal(s) · smallest remaining budget %6 · reward threshold %7×</numerusform>
        </translation>
    </message>
    <message>
        <source>chart unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No spend in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dealer was charged for a fix this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean per dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highest dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly cap %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US dollars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by reward-threshold verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All dealers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last verdict below the threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any decision below the threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last verdict meets the threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reward measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spend by day chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month, by day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the outcomes are of %1, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n rewarded decision(s): %1 meet the threshold, %2 below it; %3 dealer(s) last below</source>
        <translation>
            <numerusform>%n rewarded decision: %1 meet the threshold, %2 below it; %3 dealer(s) last below</numerusform>
            <numerusform>%n rewarded decisions: %1 meet the threshold, %2 below it; %3 dealer(s) last below</numerusform>
        </translation>
    </message>
    <message>
        <source>reward verdicts unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API spend by day: not available from this orchestrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fleet spend per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: spend so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day of %1 (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API spend by day, %1: the fleet, and %2 against the cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API spend by day, %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::MainWindow</name>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Specification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop or resume the simulated clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an embedded orchestrator runs a simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Autonomic Orchestrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the %1 page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Autonomic Orchestrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Autonomic Orchestrator %1&lt;/h3&gt;&lt;p&gt;Drift detection, adaptive learning and canary rollout for the AI-visibility metrics (AIV, ATI, CRS) of a fleet of dealerships.&lt;/p&gt;&lt;p&gt;Connected to: %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Governance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the current page&apos;s chart as a PNG or SVG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart &amp;data as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the data of the current page&apos;s chart as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This page has no chart data to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png);;SVG images (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System language (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::PhaseBadge</name>
    <message>
        <source>Orchestrator phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No status has arrived from the orchestrator yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orchestrator phase: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::RewardPage</name>
    <message>
        <source>ΔVisibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ΔRevenue ($)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API cost ($)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum reward threshold (×)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 [%2, %3]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replays the RLController&apos;s decision log under the settings above (off-policy evaluation, IPS and self-normalized IPS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delta visibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delta revenue in dollars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API cost in dollars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum reward threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefit (ΔVisibility × ΔRevenue) needed per dollar of API cost; the running spec&apos;s governance.minRewardThreshold once connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delta visibility slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delta revenue slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API cost slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ΔRevenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward = ΔVisibility × ΔRevenue − API cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input to vary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Range to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break-even</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward sensitivity chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What-if replay of the learning policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum rewarded decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Below this many rewarded decisions the replay gives no estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decisions to replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence &amp;gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward &amp;threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At &amp;least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean reward per decision (95 % intervals)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay estimates chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying the decision log… %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Meets the %1× threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✘ Below the %1× threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefit ΔVisibility × ΔRevenue = %1; it must reach %2 × the API cost (%3) and exceed the cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: never meets (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: always meets (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meets the threshold, the other inputs as they are, when: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break-even: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The verdict flips at %1 = %2 (%3); it meets the threshold %4 it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The verdict flips at %1 = %2, outside this range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meets the threshold whatever %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never meets the threshold, whatever %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) could not be computed.</source>
        <translation>
            <numerusform>%n point could not be computed.</numerusform>
            <numerusform>%n points could not be computed.</numerusform>
        </translation>
    </message>
    <message>
        <source>The replay runs on the orchestrator: connect first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator is not reachable; the replay was abandoned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The replay runs on the orchestrator, which is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying the decision log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed; run the replay again at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The replay failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No estimate from %1 rewarded decision(s): %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SNIPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rewarded decisions replayed (effective sample size %2). Logged policy: %3. Alternative: IPS %4, SNIPS %5. Difference (SNIPS − logged): %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alternative would likely have done better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alternative would likely have done worse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No significant difference at 95 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::ScreenshotTour</name>
    <message>
        <source>cannot create the directory %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the orchestrator failed to start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the orchestrator failed to start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot save %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gave up after %1 s: warm-up finished, but only %2 of %3 live statuses arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gave up after %1 s: the warm-up did not finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::SpecModel</name>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::SpecPage</name>
    <message>
        <source>Specification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings the orchestrator runs with. Keys are those of a spec document (&lt;tt&gt;--spec FILE&lt;/tt&gt;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console is not connected to an orchestrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the specification…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator is not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The specification could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::StatusPage</name>
    <message>
        <source>Orchestrator status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Components</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Governance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API cost remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The smallest remaining monthly API budget of any dealer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API budget remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API cost remaining:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum reward threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An action&apos;s reward must be at least this multiple of its API cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum reward threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic rollback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic rollback:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telemetry configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console is not connected to an orchestrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting %1. The status appears as soon as the orchestrator reports it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator is not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The orchestrator reported an error.&lt;/b&gt; The values below are from %1.&lt;br&gt;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The orchestrator reported an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 per dealer per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the monthly budget left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per dealer per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled: rollbacks wait for an analyst&apos;s approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled (error rate above %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>append-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 hash chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected to %1. The orchestrator publishes its status once it runs live; an embedded orchestrator first simulates its warm-up days (progress in the status bar).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting to the orchestrator…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::TimeSeriesChart</name>
    <message>
        <source>Time series chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to pan, Shift+drag to zoom into a time range, the wheel zooms, a double click or Home resets the zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orch::ui::TrustPages</name>
    <message>
        <source>This console (embedded)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
