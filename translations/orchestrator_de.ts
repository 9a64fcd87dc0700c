<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConsoleCommandLine</name>
    <message>
        <source>--%1: expected %2, got &quot;%3&quot;</source>
        <translation>--%1: %2 erwartet, „%3“ erhalten</translation>
    </message>
    <message>
        <source>Keep the orchestrator&apos;s store in &lt;dir&gt; (default: a temporary directory).</source>
        <translation>Den Datenspeicher des Orchestrators in &lt;dir&gt; ablegen (Standard: ein temporäres Verzeichnis).</translation>
    </message>
    <message>
        <source>Orchestrator spec document (default: the built-in SPEC.md values).</source>
        <translation>Spezifikationsdokument des Orchestrators (Standard: die eingebauten Werte aus SPEC.md).</translation>
    </message>
    <message>
        <source>Dealerships in the simulated fleet (default: 25).</source>
        <translation>Autohäuser in der simulierten Flotte (Standard: 25).</translation>
    </message>
    <message>
        <source>Seed of the simulated fleet (default: 42).</source>
        <translation>Startwert (Seed) der simulierten Flotte (Standard: 42).</translation>
    </message>
    <message>
        <source>Wall-clock milliseconds per simulated 15-minute tick (default: 250).</source>
        <translation>Echtzeit-Millisekunden je simuliertem 15-Minuten-Takt (Standard: 250).</translation>
    </message>
    <message>
        <source>Days simulated as fast as possible before the live pace starts (default: 8).</source>
        <translation>Tage, die so schnell wie möglich simuliert werden, bevor das Live-Tempo beginnt (Standard: 8).</translation>
    </message>
    <message>
        <source>Wait for the warm-up and a few live ticks, save every page as &lt;dir&gt;/&lt;page&gt;.png, and exit.</source>
        <translation>Auf die Aufwärmphase und einige Live-Takte warten, jede Seite als &lt;dir&gt;/&lt;page&gt;.png speichern und beenden.</translation>
    </message>
    <message>
        <source>Autonomic Orchestrator console: watches an orchestrator running embedded on a simulated fleet.</source>
        <translation>Konsole des Autonomic Orchestrator: beobachtet einen eingebetteten Orchestrator auf einer simulierten Flotte.</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>eine ganze Zahl von %1 bis %2</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>a non-negative whole number</source>
        <translation>eine nicht negative ganze Zahl</translation>
    </message>
    <message>
        <source>a directory</source>
        <translation>ein Verzeichnis</translation>
    </message>
    <message>
        <source>an existing spec file</source>
        <translation>eine vorhandene Spezifikationsdatei</translation>
    </message>
    <message>
        <source>Use &lt;lang&gt; for this run: system, en, de or es (default: the choice in the View menu, else the system&apos;s language).</source>
        <translation>&lt;lang&gt; für diesen Lauf verwenden: system, en, de oder es (Standard: die Auswahl im Menü „Ansicht“, sonst die Systemsprache).</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>einer von %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: the file name must end in .png or .svg</source>
        <translation>%1: Der Dateiname muss auf .png oder .svg enden</translation>
    </message>
</context>
<context>
    <name>TimeFormat</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>ISO time · relative hint</comment>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run &apos;%1 --help&apos; for the options.</source>
        <translation>„%1 --help“ zeigt die Optionen.</translation>
    </message>
</context>
<context>
    <name>orch::EmbeddedClient</name>
    <message numerus="yes">
        <source>Embedded · simulated fleet (%n dealer(s))</source>
        <translation>
            <numerusform>Eingebettet · simulierte Flotte (%n Händler)</numerusform>
            <numerusform>Eingebettet · simulierte Flotte (%n Händler)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create a temporary data directory: %1</source>
        <translation>Temporäres Datenverzeichnis kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>The embedded orchestrator is not running.</source>
        <translation>Der eingebettete Orchestrator läuft nicht.</translation>
    </message>
    <message>
        <source>The embedded orchestrator did not accept the request.</source>
        <translation>Der eingebettete Orchestrator hat die Anfrage nicht angenommen.</translation>
    </message>
    <message>
        <source>The embedded orchestrator stopped before answering.</source>
        <translation>Der eingebettete Orchestrator wurde vor der Antwort beendet.</translation>
    </message>
</context>
<context>
    <name>orch::ui::ApprovalsModel</name>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>wird verbunden</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>no client</source>
        <translation>kein Client</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>roll back</source>
        <translation>zurückrollen</translation>
    </message>
    <message>
        <source>promote</source>
        <translation>hochstufen</translation>
    </message>
    <message>
        <source> · %1 of %2 approvals</source>
        <translation> · %1 von %2 Freigaben</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>%1 of %2 passed</source>
        <translation>%1 von %2 bestanden</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orchestrator</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <source>Asks to</source>
        <translation>Beantragt</translation>
    </message>
    <message>
        <source>Requested (UTC)</source>
        <translation>Angefordert (UTC)</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerrate</translation>
    </message>
    <message>
        <source>Drift on</source>
        <translation>Drift bei</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Verifizierung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
</context>
<context>
    <name>orch::ui::ApprovalsPage</name>
    <message>
        <source>Approvals</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Rollbacks and promotions waiting for an analyst, from every connected orchestrator. Each decision needs a comment and is recorded in that orchestrator&apos;s audit trail with your identity.</source>
        <translation>Rollbacks und Hochstufungen aller verbundenen Orchestratoren, die auf einen Analysten warten. Jede Entscheidung braucht einen Kommentar und wird mit Ihrer Identität im Prüfpfad des jeweiligen Orchestrators festgehalten.</translation>
    </message>
    <message>
        <source>Orchestrators</source>
        <translation>Orchestratoren</translation>
    </message>
    <message>
        <source>Pending approvals</source>
        <translation>Ausstehende Freigaben</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Nachweise</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Freigeben…</translation>
    </message>
    <message>
        <source>&amp;Refuse…</source>
        <translation>&amp;Ablehnen…</translation>
    </message>
    <message numerus="yes">
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: %n waiting</source>
        <translation>
            <numerusform>%1 &lt;b&gt;%2&lt;/b&gt;: %n wartet</numerusform>
            <numerusform>%1 &lt;b&gt;%2&lt;/b&gt;: %n warten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: connecting…</source>
        <translation>%1 &lt;b&gt;%2&lt;/b&gt;: Verbindung wird aufgebaut…</translation>
    </message>
    <message>
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: unreachable (%3)</source>
        <translation>%1 &lt;b&gt;%2&lt;/b&gt;: nicht erreichbar (%3)</translation>
    </message>
    <message>
        <source>No orchestrator connected.</source>
        <translation>Kein Orchestrator verbunden.</translation>
    </message>
    <message>
        <source>No orchestrator connected</source>
        <translation>Kein Orchestrator verbunden</translation>
    </message>
    <message>
        <source>Add one on the Connections page.</source>
        <translation>Fügen Sie auf der Seite „Verbindungen“ einen hinzu.</translation>
    </message>
    <message>
        <source>No orchestrator is reachable</source>
        <translation>Kein Orchestrator ist erreichbar</translation>
    </message>
    <message>
        <source>Approvals appear here as soon as one answers; nothing stale is shown.</source>
        <translation>Freigaben erscheinen hier, sobald einer antwortet; Veraltetes wird nicht angezeigt.</translation>
    </message>
    <message>
        <source>Nothing waits on you</source>
        <translation>Nichts wartet auf Sie</translation>
    </message>
    <message>
        <source>Rollbacks and promotions that need an analyst&apos;s decision appear here.</source>
        <translation>Hier erscheinen Rollbacks und Hochstufungen, über die ein Analyst entscheiden muss.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select an approval to see its evidence.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wählen Sie eine Freigabe aus, um ihre Nachweise zu sehen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Not connected to %1.</source>
        <translation>Nicht mit %1 verbunden.</translation>
    </message>
    <message>
        <source>You decide as %1 (%2).</source>
        <translation>Sie entscheiden als %1 (%2).</translation>
    </message>
    <message>
        <source>an anonymous approver</source>
        <translation>anonymer Freigeber</translation>
    </message>
    <message>
        <source>Your role on %1 is %2: only an approver can approve or refuse.</source>
        <translation>Ihre Rolle auf %1 ist %2: Nur ein Freigeber (approver) kann freigeben oder ablehnen.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Rollout #%1 (%2) asks to %3&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Rollout #%1 (%2) möchte %3&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>roll back</source>
        <translation>zurückrollen</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Why:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Requested:&lt;/b&gt; %2 by %3 on %4&lt;br&gt;&lt;b&gt;Scope:&lt;/b&gt; %5 · &lt;b&gt;approvals:&lt;/b&gt; %6 of %7 · &lt;b&gt;expires:&lt;/b&gt; %8&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Grund:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Angefordert:&lt;/b&gt; %2 von %3 auf %4&lt;br&gt;&lt;b&gt;Geltungsbereich:&lt;/b&gt; %5 · &lt;b&gt;Freigaben:&lt;/b&gt; %6 von %7 · &lt;b&gt;läuft ab:&lt;/b&gt; %8&lt;/p&gt;</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Error rate:&lt;/b&gt; %1 %&lt;br&gt;&lt;b&gt;Canary:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Drift open on canary dealers:&lt;/b&gt; %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Fehlerrate:&lt;/b&gt; %1 %&lt;br&gt;&lt;b&gt;Canary:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Offene Drift bei Canary-Händlern:&lt;/b&gt; %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Open detections&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Offene Erkennungen&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;%1 / %2: std %3 (peak %4), open since %5&lt;/li&gt;</source>
        <translation>&lt;li&gt;%1 / %2: Std.-Abw. %3 (Spitze %4), offen seit %5&lt;/li&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Verification&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Verifizierung&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;not run yet&lt;/p&gt;</source>
        <translation>&lt;p&gt;noch nicht ausgeführt&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt; %3: %4&lt;/li&gt;</source>
        <translation>&lt;li&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt; %3: %4&lt;/li&gt;</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Agents&apos; votes&lt;/b&gt; (consensus %1 %)&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Stimmen der Agenten&lt;/b&gt; (Konsens %1 %)&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;%1: %2 (%3)&lt;/li&gt;</source>
        <translation>&lt;li&gt;%1: %2 (%3)&lt;/li&gt;</translation>
    </message>
    <message>
        <source>for</source>
        <translation>dafür</translation>
    </message>
    <message>
        <source>against</source>
        <translation>dagegen</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Cause chain&lt;/b&gt; (newest first)&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Ursachenkette&lt;/b&gt; (neueste zuerst)&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;no audit records name this rollout&lt;/p&gt;</source>
        <translation>&lt;p&gt;kein Eintrag im Prüfpfad nennt dieses Rollout&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;the orchestrator keeps no audit trail&lt;/p&gt;</source>
        <translation>&lt;p&gt;der Orchestrator führt keinen Prüfpfad&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;#%1 &lt;b&gt;%2&lt;/b&gt; %3 by %4%5&lt;/li&gt;</source>
        <translation>&lt;li&gt;#%1 &lt;b&gt;%2&lt;/b&gt; %3 von %4%5&lt;/li&gt;</translation>
    </message>
    <message>
        <source> &lt;i&gt;(not yet signed)&lt;/i&gt;</source>
        <translation> &lt;i&gt;(noch nicht signiert)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;History&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Verlauf&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;%1 %2 by %3%4&lt;/li&gt;</source>
        <translation>&lt;li&gt;%1 %2 von %3%4&lt;/li&gt;</translation>
    </message>
    <message>
        <source>promote</source>
        <translation>hochstufen</translation>
    </message>
    <message>
        <source>Approve: %1 rollout #%2</source>
        <translation>Freigeben: Rollout #%2 %1</translation>
    </message>
    <message>
        <source>Refuse: %1 rollout #%2</source>
        <translation>Ablehnen: Rollout #%2 %1</translation>
    </message>
    <message>
        <source>%1 will %2 rollout #%3 (%4) now.</source>
        <translation>%1 wird Rollout #%3 (%4) jetzt %2.</translation>
    </message>
    <message>
        <source>Rollout #%1 stays as it is and no longer asks; only an analyst moves it from now on.</source>
        <translation>Rollout #%1 bleibt, wie es ist, und fragt nicht mehr an; ab jetzt bewegt es nur noch ein Analyst weiter.</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Not connected to %1: nothing was decided.</source>
        <translation>Nicht mit %1 verbunden: Es wurde nichts entschieden.</translation>
    </message>
    <message>
        <source>Sending your decision on rollout #%1…</source>
        <translation>Ihre Entscheidung zu Rollout #%1 wird gesendet…</translation>
    </message>
    <message>
        <source>Approved rollout #%1 on %2: now %3.</source>
        <translation>Rollout #%1 auf %2 freigegeben: jetzt %3.</translation>
    </message>
    <message>
        <source>Refused rollout #%1 on %2.</source>
        <translation>Rollout #%1 auf %2 abgelehnt.</translation>
    </message>
    <message>
        <source>The decision on rollout #%1 failed: %2</source>
        <translation>Die Entscheidung zu Rollout #%1 ist fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditPage</name>
    <message>
        <source>record %1, %2, key %3</source>
        <translation>Eintrag %1, %2, Schlüssel %3</translation>
    </message>
    <message>
        <source>Audit review</source>
        <translation>Audit-Prüfung</translation>
    </message>
    <message>
        <source>The records could not be read</source>
        <translation>Die Einträge konnten nicht gelesen werden</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1</source>
        <translation>
            <numerusform>%n Eintrag nach %1 exportiert</numerusform>
            <numerusform>%n Einträge nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n left out: after the latest signed checkpoint, not provable yet</source>
        <translation>
            <numerusform>; %n ausgelassen: nach dem letzten signierten Checkpoint, noch nicht beweisbar</numerusform>
            <numerusform>; %n ausgelassen: nach dem letzten signierten Checkpoint, noch nicht beweisbar</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Verify and browse an audit trail or an evidence bundle offline: no orchestrator is needed, only the files (and the key files for a trail).</source>
        <translation>Einen Prüfpfad oder ein Nachweispaket offline verifizieren und durchsuchen: Es wird kein Orchestrator benötigt, nur die Dateien (und für einen Prüfpfad die Schlüsseldateien).</translation>
    </message>
    <message>
        <source>Open audit &amp;directory…</source>
        <translation>Audit-&amp;Verzeichnis öffnen…</translation>
    </message>
    <message>
        <source>A data directory (holding audit/) or its audit directory</source>
        <translation>Ein Datenverzeichnis (mit audit/) oder dessen Audit-Verzeichnis</translation>
    </message>
    <message>
        <source>Open evidence &amp;bundle…</source>
        <translation>&amp;Nachweispaket öffnen…</translation>
    </message>
    <message>
        <source>Open this console&apos;s trail</source>
        <translation>Prüfpfad dieser Konsole öffnen</translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation>Nichts geöffnet</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>Ver&amp;ifizieren</translation>
    </message>
    <message>
        <source>Against the trusted checkpoint</source>
        <translation>Gegen den vertrauenswürdigen Checkpoint</translation>
    </message>
    <message>
        <source>Also prove that the trail still holds everything up to a checkpoint you kept: catches a cut-off tail and rewritten history</source>
        <translation>Zusätzlich nachweisen, dass der Prüfpfad noch alles bis zu einem von Ihnen hinterlegten Checkpoint enthält: erkennt ein abgeschnittenes Ende und umgeschriebene Historie</translation>
    </message>
    <message>
        <source>Trusted checkpoint</source>
        <translation>Vertrauenswürdiger Checkpoint</translation>
    </message>
    <message>
        <source>&amp;Keep the verified checkpoint as trusted</source>
        <translation>Verifizierten Checkpoint als vertrauenswürdig &amp;behalten</translation>
    </message>
    <message>
        <source>&amp;Save the trusted checkpoint to a file…</source>
        <translation>Vertrauenswürdigen Checkpoint in einer Datei &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Trust a checkpoint from a file…</source>
        <translation>Einem Checkpoint aus einer Datei ver&amp;trauen…</translation>
    </message>
    <message>
        <source>&amp;Forget the trusted checkpoint</source>
        <translation>Vertrauenswürdigen Checkpoint ver&amp;gessen</translation>
    </message>
    <message>
        <source>Verification progress</source>
        <translation>Fortschritt der Verifizierung</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Audit records</source>
        <translation>Audit-Einträge</translation>
    </message>
    <message>
        <source>&amp;Export selection as bundle…</source>
        <translation>Auswahl als Paket &amp;exportieren…</translation>
    </message>
    <message>
        <source>The selected records with Merkle inclusion proofs against the signed checkpoint: verifiable with the public key alone</source>
        <translation>Die ausgewählten Einträge mit Merkle-Inklusionsbeweisen gegen den signierten Checkpoint: allein mit dem öffentlichen Schlüssel verifizierbar</translation>
    </message>
    <message>
        <source>No audit trail open</source>
        <translation>Kein Prüfpfad geöffnet</translation>
    </message>
    <message>
        <source>Open a data directory&apos;s audit trail (DATA/audit, with its keys) or an evidence bundle exported with “orchestratorctl audit export” or from this page.</source>
        <translation>Öffnen Sie den Prüfpfad eines Datenverzeichnisses (DATA/audit, mit seinen Schlüsseln) oder ein Nachweispaket, das mit „orchestratorctl audit export“ oder auf dieser Seite exportiert wurde.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation>Von (UTC)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>To (UTC)</source>
        <translation>Bis (UTC)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Type filter</source>
        <translation>Typfilter</translation>
    </message>
    <message>
        <source>all, or a prefix: drift.</source>
        <translation>alle oder ein Präfix: drift.</translation>
    </message>
    <message>
        <source>Caused by</source>
        <translation>Verursacht durch</translation>
    </message>
    <message>
        <source>Caused by record</source>
        <translation>Verursacht durch Eintrag</translation>
    </message>
    <message>
        <source>record</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Selected record</source>
        <translation>Ausgewählter Eintrag</translation>
    </message>
    <message>
        <source>Select a record to see its data and its cause chain.</source>
        <translation>Wählen Sie einen Eintrag aus, um seine Daten und seine Ursachenkette zu sehen.</translation>
    </message>
    <message>
        <source>Cause chain (double-click to follow)</source>
        <translation>Ursachenkette (Doppelklick zum Folgen)</translation>
    </message>
    <message>
        <source>Cause chain</source>
        <translation>Ursachenkette</translation>
    </message>
    <message>
        <source>Open an audit directory</source>
        <translation>Audit-Verzeichnis öffnen</translation>
    </message>
    <message>
        <source>Open an evidence bundle</source>
        <translation>Nachweispaket öffnen</translation>
    </message>
    <message>
        <source>Evidence bundles (*.json)</source>
        <translation>Nachweispakete (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The publisher&apos;s signing key (signing-public.pem); Cancel: only check the key the bundle carries</source>
        <translation>Signaturschlüssel des Herausgebers (signing-public.pem); Abbrechen: nur den im Paket enthaltenen Schlüssel prüfen</translation>
    </message>
    <message>
        <source>Public keys (*.pem)</source>
        <translation>Öffentliche Schlüssel (*.pem)</translation>
    </message>
    <message>
        <source>Audit trail in %1</source>
        <translation>Prüfpfad in %1</translation>
    </message>
    <message>
        <source>Evidence bundle %1</source>
        <translation>Nachweispaket %1</translation>
    </message>
    <message>
        <source>Evidence bundle %1, checked with %2</source>
        <translation>Nachweispaket %1, geprüft mit %2</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Wird verifiziert…</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Intact.&lt;/b&gt; %n entry(ies) proven included in the signed checkpoint</source>
        <translation>
            <numerusform>&lt;b&gt;Intakt.&lt;/b&gt; %n Eintrag nachweislich im signierten Checkpoint enthalten</numerusform>
            <numerusform>&lt;b&gt;Intakt.&lt;/b&gt; %n Einträge nachweislich im signierten Checkpoint enthalten</numerusform>
        </translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>, signed with the key you chose.</source>
        <translation>, signiert mit dem von Ihnen gewählten Schlüssel.</translation>
    </message>
    <message>
        <source>.&lt;br&gt;Checked only against the key the bundle carries (id %1): open it with the publisher&apos;s signing-public.pem to prove who signed it.</source>
        <translation>.&lt;br&gt;Nur gegen den im Paket enthaltenen Schlüssel geprüft (ID %1): Öffnen Sie es mit der signing-public.pem des Herausgebers, um nachzuweisen, wer es signiert hat.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Intact.&lt;/b&gt; %1 records verified: every tag, link, signature and segment.</source>
        <translation>&lt;b&gt;Intakt.&lt;/b&gt; %1 Einträge verifiziert: jedes Tag, jede Verkettung, jede Signatur und jedes Segment.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Latest signed checkpoint: %1.</source>
        <translation>&lt;br&gt;Letzter signierter Checkpoint: %1.</translation>
    </message>
    <message>
        <source>&lt;br&gt;No signed checkpoint yet: nothing is provable to a third party.</source>
        <translation>&lt;br&gt;Noch kein signierter Checkpoint: Gegenüber Dritten ist nichts beweisbar.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Holds everything up to your trusted checkpoint (%1), unchanged.</source>
        <translation>&lt;br&gt;Enthält alles bis zu Ihrem vertrauenswürdigen Checkpoint (%1), unverändert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification failed at record %1.&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Verifizierung bei Eintrag %1 fehlgeschlagen.&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification failed.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Verifizierung fehlgeschlagen.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Checked against your trusted checkpoint (%1).</source>
        <translation>&lt;br&gt;Gegen Ihren vertrauenswürdigen Checkpoint (%1) geprüft.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not verify.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Verifizierung nicht möglich.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification cancelled.&lt;/b&gt; Nothing was concluded; verify again to see the verdict.</source>
        <translation>&lt;b&gt;Verifizierung abgebrochen.&lt;/b&gt; Es wurde nichts festgestellt; verifizieren Sie erneut, um das Ergebnis zu sehen.</translation>
    </message>
    <message>
        <source>Decoding the records…</source>
        <translation>Einträge werden dekodiert…</translation>
    </message>
    <message>
        <source>Record %1 failed verification</source>
        <translation>Eintrag %1 hat die Verifizierung nicht bestanden</translation>
    </message>
    <message>
        <source>The trail failed verification</source>
        <translation>Der Prüfpfad hat die Verifizierung nicht bestanden</translation>
    </message>
    <message>
        <source>%1

Nothing is shown from a damaged trail: its records cannot be told apart from forgeries.</source>
        <translation>%1

Aus einem beschädigten Prüfpfad wird nichts angezeigt: Seine Einträge sind von Fälschungen nicht zu unterscheiden.</translation>
    </message>
    <message>
        <source>The audit trail could not be verified</source>
        <translation>Der Prüfpfad konnte nicht verifiziert werden</translation>
    </message>
    <message>
        <source>Verification cancelled</source>
        <translation>Verifizierung abgebrochen</translation>
    </message>
    <message>
        <source>Verify again to see the records.</source>
        <translation>Verifizieren Sie erneut, um die Einträge zu sehen.</translation>
    </message>
    <message>
        <source>The trail holds no records yet</source>
        <translation>Der Prüfpfad enthält noch keine Einträge</translation>
    </message>
    <message>
        <source>%1 of %2 MB</source>
        <translation>%1 von %2 MB</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>%1 Einträge</translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation>%1 von %2 Einträgen</translation>
    </message>
    <message numerus="yes">
        <source>%n records selected</source>
        <translation>
            <numerusform>%n Eintrag ausgewählt</numerusform>
            <numerusform>%n Einträge ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1  %2  %3</source>
        <translation>#%1  %2  %3</translation>
    </message>
    <message>
        <source>#%1  (not in this trail or bundle)</source>
        <translation>#%1  (nicht in diesem Prüfpfad oder Paket)</translation>
    </message>
    <message>
        <source>nothing: this record starts its chain</source>
        <translation>nichts: Dieser Eintrag beginnt seine Kette</translation>
    </message>
    <message>
        <source>Caused</source>
        <translation>Verursacht</translation>
    </message>
    <message>
        <source>… more</source>
        <translation>… weitere</translation>
    </message>
    <message>
        <source>nothing (yet)</source>
        <translation>nichts (bisher)</translation>
    </message>
    <message>
        <source>Open an audit directory first</source>
        <translation>Öffnen Sie zuerst ein Audit-Verzeichnis</translation>
    </message>
    <message>
        <source>Only the checkpoint of a trail that verified intact can be trusted</source>
        <translation>Nur dem Checkpoint eines als intakt verifizierten Prüfpfads kann vertraut werden</translation>
    </message>
    <message>
        <source>The trail holds no signed checkpoint yet</source>
        <translation>Der Prüfpfad enthält noch keinen signierten Checkpoint</translation>
    </message>
    <message>
        <source>Kept the checkpoint at record %1 as trusted for %2.</source>
        <translation>Checkpoint bei Eintrag %1 als vertrauenswürdig für %2 hinterlegt.</translation>
    </message>
    <message>
        <source>No trusted checkpoint is kept for this trail</source>
        <translation>Für diesen Prüfpfad ist kein vertrauenswürdiger Checkpoint hinterlegt</translation>
    </message>
    <message>
        <source>Save the trusted checkpoint</source>
        <translation>Vertrauenswürdigen Checkpoint speichern</translation>
    </message>
    <message>
        <source>Trust a checkpoint</source>
        <translation>Einem Checkpoint vertrauen</translation>
    </message>
    <message>
        <source>Checkpoints (*.json)</source>
        <translation>Checkpoints (*.json)</translation>
    </message>
    <message>
        <source>Saved the trusted checkpoint to %1</source>
        <translation>Vertrauenswürdiger Checkpoint in %1 gespeichert</translation>
    </message>
    <message>
        <source>Trusting the checkpoint in %1</source>
        <translation>Dem Checkpoint in %1 wird vertraut</translation>
    </message>
    <message>
        <source>kept: %1</source>
        <translation>hinterlegt: %1</translation>
    </message>
    <message>
        <source>none kept for this trail</source>
        <translation>für diesen Prüfpfad keiner hinterlegt</translation>
    </message>
    <message>
        <source>Export the selection as an evidence bundle</source>
        <translation>Auswahl als Nachweispaket exportieren</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n record(s)…</source>
        <translation>
            <numerusform>%n Eintrag wird exportiert…</numerusform>
            <numerusform>%n Einträge werden exportiert…</numerusform>
        </translation>
    </message>
    <message>
        <source>Decoding cancelled</source>
        <translation>Dekodierung abgebrochen</translation>
    </message>
    <message>
        <source>Filtering %1 records…</source>
        <translation>%1 Einträge werden gefiltert…</translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditRecordModel</name>
    <message>
        <source>signed</source>
        <translation>signiert</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>unbestätigt</translation>
    </message>
    <message>
        <source>Covered by a signed checkpoint</source>
        <translation>Von einem signierten Checkpoint abgedeckt</translation>
    </message>
    <message>
        <source>After the latest signed checkpoint: chained and authenticated, but not yet provable to a third party</source>
        <translation>Nach dem letzten signierten Checkpoint: verkettet und authentifiziert, aber Dritten gegenüber noch nicht beweisbar</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Ursache</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditReview</name>
    <message>
        <source>Verification cancelled</source>
        <translation>Verifizierung abgebrochen</translation>
    </message>
    <message>
        <source>Nothing is open</source>
        <translation>Nichts ist geöffnet</translation>
    </message>
    <message>
        <source>Only an audit directory is read record by record; a bundle loads when verified</source>
        <translation>Nur ein Audit-Verzeichnis wird Eintrag für Eintrag gelesen; ein Paket wird beim Verifizieren geladen</translation>
    </message>
    <message>
        <source>Select the records to export first</source>
        <translation>Wählen Sie zuerst die zu exportierenden Einträge aus</translation>
    </message>
    <message>
        <source>Decoding the records was cancelled</source>
        <translation>Das Dekodieren der Einträge wurde abgebrochen</translation>
    </message>
</context>
<context>
    <name>orch::ui::CommentDialog</name>
    <message>
        <source>&amp;Comment (required; recorded in the audit trail with your identity):</source>
        <translation>&amp;Kommentar (erforderlich; wird mit Ihrer Identität im Prüfpfad festgehalten):</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Why: what you checked, what you expect</source>
        <translation>Warum: was Sie geprüft haben, was Sie erwarten</translation>
    </message>
    <message>
        <source>%1 characters: at most %2</source>
        <translation>%1 Zeichen: höchstens %2</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::ComponentDetails</name>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Bayesian reweighting of the AIV/ATI coefficients.</source>
        <translation>Bayessche Neugewichtung der AIV/ATI-Koeffizienten.</translation>
    </message>
    <message>
        <source>Watches the standardized metric features of every dealer for drift.</source>
        <translation>Überwacht die standardisierten Kennzahlen-Merkmale jedes Händlers auf Drift.</translation>
    </message>
    <message>
        <source>Learns which fix to apply where, and coordinates the other components.</source>
        <translation>Lernt, welche Korrektur wo anzuwenden ist, und koordiniert die anderen Komponenten.</translation>
    </message>
    <message>
        <source>Agents that vote on fixes, verify them and roll them out.</source>
        <translation>Agenten, die über Korrekturen abstimmen, sie verifizieren und ausrollen.</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>daily at %1Z</source>
        <translation>täglich um %1Z</translation>
    </message>
    <message>
        <source>Confidence floor</source>
        <translation>Konfidenzuntergrenze</translation>
    </message>
    <message>
        <source>%1 (weights are published only above it)</source>
        <translation>%1 (Gewichte werden nur darüber veröffentlicht)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>On drift</source>
        <translation>Bei Drift</translation>
    </message>
    <message numerus="yes">
        <source>every %n minute(s)</source>
        <translation>
            <numerusform>jede Minute</numerusform>
            <numerusform>alle %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>%1 samples, against a baseline of %2</source>
        <translation>%1 Messwerte, gegen eine Basislinie aus %2</translation>
    </message>
    <message>
        <source>Alert channels</source>
        <translation>Alarmkanäle</translation>
    </message>
    <message>
        <source>On alert</source>
        <translation>Bei Alarm</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Belohnung</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Confidence gate</source>
        <translation>Konfidenzschwelle</translation>
    </message>
    <message>
        <source>State store</source>
        <translation>Zustandsspeicher</translation>
    </message>
    <message>
        <source>verification fails</source>
        <translation>die Verifizierung fehlschlägt</translation>
    </message>
    <message>
        <source>drift is detected</source>
        <translation>Drift erkannt wird</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Consensus</source>
        <translation>Konsens</translation>
    </message>
    <message>
        <source>at least %1 of the votes</source>
        <translation>mindestens %1 der Stimmen</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Verifizierung</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>Rolls back when</source>
        <translation>Rollt zurück, wenn</translation>
    </message>
    <message>
        <source>never automatically</source>
        <translation>nie automatisch</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Select a component to see how it is configured.</source>
        <translation>Wählen Sie eine Komponente aus, um ihre Konfiguration zu sehen.</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
</context>
<context>
    <name>orch::ui::ComponentStatusModel</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>on demand</source>
        <translation>bei Bedarf</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>API name: %1</source>
        <translation>API-Name: %1</translation>
    </message>
    <message>
        <source>Has not run yet</source>
        <translation>Noch nicht gelaufen</translation>
    </message>
    <message>
        <source>Runs when triggered, not on a schedule</source>
        <translation>Läuft bei Auslösung, nicht nach Zeitplan</translation>
    </message>
    <message>
        <source>Posterior confidence %1</source>
        <translation>A-posteriori-Konfidenz %1</translation>
    </message>
    <message>
        <source>This component reports no confidence</source>
        <translation>Diese Komponente meldet keine Konfidenz</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionConfig</name>
    <message>
        <source>id: required</source>
        <translation>id: erforderlich</translation>
    </message>
    <message>
        <source>name: required</source>
        <translation>name: erforderlich</translation>
    </message>
    <message>
        <source>publicKeyPins: each pin must be the SHA-256 of the server&apos;s public key (SubjectPublicKeyInfo) as base64, 44 characters like HPKP pin-sha256, or as 64 hex digits (colons allowed), got %1</source>
        <translation>publicKeyPins: Jeder Pin muss der SHA-256 des öffentlichen Serverschlüssels (SubjectPublicKeyInfo) sein, als Base64 mit 44 Zeichen wie HPKP pin-sha256 oder als 64 Hexziffern (Doppelpunkte erlaubt), erhalten: %1</translation>
    </message>
    <message>
        <source>publicKeyPins: public-key pins apply to https only</source>
        <translation>publicKeyPins: Public-Key-Pins gelten nur für https</translation>
    </message>
    <message>
        <source>dealers: must be between 1 and 100000, got %1</source>
        <translation>dealers: muss zwischen 1 und 100000 liegen, erhalten: %1</translation>
    </message>
    <message>
        <source>Embedded · %1</source>
        <translation>Eingebettet · %1</translation>
    </message>
    <message>
        <source>Embedded · simulated fleet (%1 dealers)</source>
        <translation>Eingebettet · simulierte Flotte (%1 Händler)</translation>
    </message>
    <message>
        <source>kind: must be embedded or remote, got %1</source>
        <translation>kind: muss embedded oder remote sein, erhalten: %1</translation>
    </message>
    <message>
        <source>url: required (http://host:port or https://host:port)</source>
        <translation>url: erforderlich (http://host:port oder https://host:port)</translation>
    </message>
    <message>
        <source>url: not a valid address: %1</source>
        <translation>url: keine gültige Adresse: %1</translation>
    </message>
    <message>
        <source>url: the scheme must be http or https (https://host:port)</source>
        <translation>url: Das Schema muss http oder https sein (https://host:port)</translation>
    </message>
    <message>
        <source>url: the scheme must be http or https, got %1</source>
        <translation>url: Das Schema muss http oder https sein, erhalten: %1</translation>
    </message>
    <message>
        <source>url: the host is missing</source>
        <translation>url: Der Host fehlt</translation>
    </message>
    <message>
        <source>url: no user name or password in the address; the token goes in the token field</source>
        <translation>url: kein Benutzername oder Passwort in der Adresse; das Token gehört in das Token-Feld</translation>
    </message>
    <message>
        <source>url: no query or fragment (?…, #…)</source>
        <translation>url: keine Abfrage und kein Fragment (?…, #…)</translation>
    </message>
    <message>
        <source>url: port must be between 1 and 65535, got 0</source>
        <translation>url: Der Port muss zwischen 1 und 65535 liegen, erhalten: 0</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionEditor</name>
    <message>
        <source>Add a connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <source>Production EU</source>
        <translation>Produktion EU</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Remote orchestratord</source>
        <translation>&amp;Entfernter orchestratord</translation>
    </message>
    <message>
        <source>&amp;Embedded</source>
        <translation>Ein&amp;gebettet</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>the system&apos;s certificate authorities</source>
        <translation>die Zertifizierungsstellen des Systems</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>A CA certificate (PEM) to trust for this server</source>
        <translation>Ein CA-Zertifikat (PEM), dem für diesen Server vertraut wird</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>&amp;CA-Zertifikat:</translation>
    </message>
    <message>
        <source>pin-sha256 of the server&apos;s key, then a backup key&apos;s (optional)</source>
        <translation>pin-sha256 des Serverschlüssels, dann der eines Reserveschlüssels (optional)</translation>
    </message>
    <message>
        <source>Public-key pins, separated by commas: the SHA-256 of the server key&apos;s SubjectPublicKeyInfo in base64 (or hex), e.g. openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64. Give the current key&apos;s and a backup key&apos;s. The certificate must still be trusted (a system CA or the CA certificate above); a server whose key is none of these is refused.</source>
        <translation>Public-Key-Pins, durch Kommas getrennt: der SHA-256 der SubjectPublicKeyInfo des Serverschlüssels in Base64 (oder hex), z. B. openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64. Geben Sie den Pin des aktuellen Schlüssels und den eines Reserveschlüssels an. Das Zertifikat muss trotzdem vertrauenswürdig sein (eine System-CA oder das CA-Zertifikat oben); ein Server, dessen Schlüssel keiner von diesen ist, wird abgewiesen.</translation>
    </message>
    <message>
        <source>Public-key &amp;pins:</source>
        <translation>Public-Key-&amp;Pins:</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>Stored in the system keychain, never in the settings.</source>
        <translation>Wird im Schlüsselbund des Systems gespeichert, nie in den Einstellungen.</translation>
    </message>
    <message>
        <source>empty: a fresh simulated fleet</source>
        <translation>leer: eine neue simulierte Flotte</translation>
    </message>
    <message>
        <source>The orchestrator&apos;s data directory</source>
        <translation>Das Datenverzeichnis des Orchestrators</translation>
    </message>
    <message>
        <source>&amp;Data directory:</source>
        <translation>&amp;Datenverzeichnis:</translation>
    </message>
    <message>
        <source>Simulated &amp;dealers:</source>
        <translation>Simulierte &amp;Händler:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Startwert:</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>name: required</source>
        <translation>name: erforderlich</translation>
    </message>
    <message>
        <source>CA certificate: %1 does not exist</source>
        <translation>CA-Zertifikat: %1 existiert nicht</translation>
    </message>
    <message>
        <source>data directory: %1 is not a directory</source>
        <translation>Datenverzeichnis: %1 ist kein Verzeichnis</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionManager</name>
    <message>
        <source>this console was built without the remote client (core/net): remote orchestrators cannot be reached</source>
        <translation>diese Konsole wurde ohne den Remote-Client (core/net) gebaut: Entfernte Orchestratoren sind nicht erreichbar</translation>
    </message>
    <message>
        <source>id: a connection %1 exists already</source>
        <translation>id: Eine Verbindung %1 existiert bereits</translation>
    </message>
    <message>
        <source>id: no saved connection %1</source>
        <translation>id: keine gespeicherte Verbindung %1</translation>
    </message>
    <message>
        <source>no client for this connection</source>
        <translation>kein Client für diese Verbindung</translation>
    </message>
    <message>
        <source>the token is kept for this session only: %1</source>
        <translation>das Token wird nur für diese Sitzung aufbewahrt: %1</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionTokens</name>
    <message>
        <source>the system keychain is not available</source>
        <translation>der Schlüsselbund des Systems ist nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionsPage</name>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Every orchestrator this console watches: the embedded one and any number of remote orchestratord&apos;s, with their phase and what waits on you.</source>
        <translation>Jeder Orchestrator, den diese Konsole beobachtet: der eingebettete und beliebig viele entfernte orchestratord, mit ihrer Phase und dem, was auf Sie wartet.</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>The token of %1 is kept for this session only (%2); you will be asked for it again next time.</source>
        <translation>Das Token von %1 wird nur für diese Sitzung aufbewahrt (%2); beim nächsten Mal werden Sie erneut danach gefragt.</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>%1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Removed %1 (and its token).</source>
        <translation>%1 (samt Token) entfernt.</translation>
    </message>
    <message>
        <source>No system keychain (%1): tokens are kept for this session only and are never written to disk.</source>
        <translation>Kein Schlüsselbund des Systems (%1): Tokens werden nur für diese Sitzung aufbewahrt und nie auf die Festplatte geschrieben.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show this orchestrator on the Status, Drift, Reward simulator, Governance and Specification pages</source>
        <translation>Diesen Orchestrator auf den Seiten Status, Drift, Belohnungssimulator, Governance und Spezifikation anzeigen</translation>
    </message>
</context>
<context>
    <name>orch::ui::DriftPage</name>
    <message>
        <source>Scope</source>
        <translation>Umfang</translation>
    </message>
    <message>
        <source>One dealer</source>
        <translation>Ein Händler</translation>
    </message>
    <message>
        <source>Fleet-wide</source>
        <translation>Ganze Flotte</translation>
    </message>
    <message>
        <source>Dealer</source>
        <translation>Händler</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <source>Plotted quantity</source>
        <translation>Dargestellte Größe</translation>
    </message>
    <message>
        <source>Standardized std</source>
        <translation>Standardisierte Std.-Abw.</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Letzte 24 h</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Benutzerdefiniert…</translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation>Von (UTC)</translation>
    </message>
    <message>
        <source>To (UTC)</source>
        <translation>Bis (UTC)</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Show the whole range (Home, or double-click the chart)</source>
        <translation>Den ganzen Zeitraum zeigen (Pos1 oder Doppelklick auf das Diagramm)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>Chart as PNG…</source>
        <translation>Diagramm als PNG…</translation>
    </message>
    <message>
        <source>Export the chart as PNG</source>
        <translation>Diagramm als PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Chart as SVG…</source>
        <translation>Diagramm als SVG…</translation>
    </message>
    <message>
        <source>Export the chart as SVG</source>
        <translation>Diagramm als SVG exportieren</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>Data as CSV…</source>
        <translation>Daten als CSV…</translation>
    </message>
    <message>
        <source>Export the chart&apos;s data as CSV</source>
        <translation>Diagrammdaten als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Dealer</source>
        <translation>&amp;Händler</translation>
    </message>
    <message>
        <source>&amp;Feature</source>
        <translation>&amp;Merkmal</translation>
    </message>
    <message>
        <source>&amp;Range</source>
        <translation>&amp;Zeitraum</translation>
    </message>
    <message>
        <source>Drift chart</source>
        <translation>Drift-Diagramm</translation>
    </message>
    <message>
        <source>Loading the drift series…</source>
        <translation>Drift-Reihen werden geladen…</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Warten auf den Orchestrator…</translation>
    </message>
    <message>
        <source>The drift series appear once the orchestrator is running.</source>
        <translation>Die Drift-Reihen erscheinen, sobald der Orchestrator läuft.</translation>
    </message>
    <message>
        <source>The orchestrator is not reachable</source>
        <translation>Der Orchestrator ist nicht erreichbar</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>Die Verbindung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Fleet mean</source>
        <translation>Flottenmittel</translation>
    </message>
    <message>
        <source>Highest dealer</source>
        <translation>Höchster Händler</translation>
    </message>
    <message>
        <source>The drift series could not be loaded</source>
        <translation>Die Drift-Reihen konnten nicht geladen werden</translation>
    </message>
    <message>
        <source>No series yet</source>
        <translation>Noch keine Reihen</translation>
    </message>
    <message>
        <source>The orchestrator has not received any samples. Series appear as samples arrive.</source>
        <translation>Der Orchestrator hat noch keine Messwerte erhalten. Reihen erscheinen, sobald Messwerte eintreffen.</translation>
    </message>
    <message>
        <source>Nothing to show in this range</source>
        <translation>In diesem Zeitraum gibt es nichts anzuzeigen</translation>
    </message>
    <message>
        <source>The standardized std starts once a series&apos; baseline (%1 samples) and first window (%2 samples) are complete. Choose a longer range or plot the values.</source>
        <translation>Die standardisierte Std.-Abw. beginnt, sobald die Basislinie einer Reihe (%1 Messwerte) und ihr erstes Fenster (%2 Messwerte) vollständig sind. Wählen Sie einen längeren Zeitraum oder stellen Sie die Werte dar.</translation>
    </message>
    <message>
        <source>No samples in the selected range.</source>
        <translation>Keine Messwerte im gewählten Zeitraum.</translation>
    </message>
    <message>
        <source>%1, fleet-wide</source>
        <translation>%1, ganze Flotte</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Standardized std: %1</source>
        <translation>Standardisierte Std.-Abw.: %1</translation>
    </message>
    <message>
        <source>std of the last window&apos;s z-scores</source>
        <translation>Std.-Abw. der z-Werte des letzten Fensters</translation>
    </message>
    <message>
        <source>Values: %1</source>
        <translation>Werte: %1</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Within the threshold: |std − 1| ≤ %1</source>
        <translation>Innerhalb der Schwelle: |Std.-Abw. − 1| ≤ %1</translation>
    </message>
    <message>
        <source>Drift detected</source>
        <translation>Drift erkannt</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) in range</source>
        <translation>
            <numerusform>%n Messwert im Zeitraum</numerusform>
            <numerusform>%n Messwerte im Zeitraum</numerusform>
        </translation>
    </message>
    <message>
        <source>no drift episodes</source>
        <translation>keine Drift-Episoden</translation>
    </message>
    <message numerus="yes">
        <source>%n drift episode(s)</source>
        <translation>
            <numerusform>%n Drift-Episode</numerusform>
            <numerusform>%n Drift-Episoden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n open)</source>
        <translation>
            <numerusform> (%n offen)</numerusform>
            <numerusform> (%n offen)</numerusform>
        </translation>
    </message>
    <message>
        <source>band: 1 ± %1</source>
        <translation>Band: 1 ± %1</translation>
    </message>
    <message>
        <source>too many samples since the series began to recompute its std here: values shown</source>
        <translation>zu viele Messwerte seit Beginn der Reihe, um ihre Std.-Abw. hier neu zu berechnen: Werte werden angezeigt</translation>
    </message>
    <message>
        <source>downsampled by the orchestrator (min/max per bucket)</source>
        <translation>vom Orchestrator ausgedünnt (Min./Max. je Intervall)</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>Stand: %1</translation>
    </message>
    <message>
        <source>There is no chart to export.</source>
        <translation>Es gibt kein Diagramm zum Exportieren.</translation>
    </message>
</context>
<context>
    <name>orch::ui::EngineStatusBar</name>
    <message>
        <source>Connection indicator</source>
        <translation>Verbindungsanzeige</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Warm-up progress</source>
        <translation>Fortschritt der Aufwärmphase</translation>
    </message>
    <message>
        <source>Orchestrator clock</source>
        <translation>Orchestrator-Uhr</translation>
    </message>
    <message>
        <source>The orchestrator&apos;s clock, in UTC. The embedded orchestrator runs on simulated time.</source>
        <translation>Die Uhr des Orchestrators in UTC. Der eingebettete Orchestrator läuft mit simulierter Zeit.</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindung wird aufgebaut</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Clock: —</source>
        <translation>Uhr: —</translation>
    </message>
    <message>
        <source>Clock: %1 (paused)</source>
        <translation>Uhr: %1 (angehalten)</translation>
    </message>
    <message>
        <source>Clock: %1</source>
        <translation>Uhr: %1</translation>
    </message>
    <message numerus="yes">
        <source>Simulating the first %n day(s)…</source>
        <translation>
            <numerusform>Der erste Tag wird simuliert…</numerusform>
            <numerusform>Die ersten %n Tage werden simuliert…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Clock: %1 (last known, not live)</source>
        <translation>Uhr: %1 (zuletzt bekannt, nicht live)</translation>
    </message>
</context>
<context>
    <name>orch::ui::FleetModel</name>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>wird verbunden…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>waiting for status</source>
        <translation>wartet auf Status</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orchestrator</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Waiting on you</source>
        <translation>Wartet auf Sie</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>Ihre Rolle</translation>
    </message>
    <message>
        <source>Status as of (UTC)</source>
        <translation>Status vom (UTC)</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>the replicas disagree on the number of shards (%1)</source>
        <translation>die Replikate sind sich über die Zahl der Shards uneinig (%1)</translation>
    </message>
    <message>
        <source>%1 are all configured as replica %2</source>
        <translation>%1 sind alle als Replikat %2 konfiguriert</translation>
    </message>
    <message>
        <source>shard %1 is held twice: by %2</source>
        <translation>Shard %1 wird doppelt gehalten: von %2</translation>
    </message>
    <message>
        <source>shard %1 is taken over by %2</source>
        <translation>Shard %1 wird von %2 übernommen</translation>
    </message>
    <message>
        <source>shard %1 is missing: no connected replica holds it</source>
        <translation>Shard %1 fehlt: Kein verbundenes Replikat hält ihn</translation>
    </message>
    <message>
        <source>shards %1 are missing: no connected replica holds them</source>
        <translation>Shards %1 fehlen: Kein verbundenes Replikat hält sie</translation>
    </message>
    <message>
        <source>shards %1/%2 healthy</source>
        <translation>Shards %1/%2 intakt</translation>
    </message>
    <message>
        <source>shards %1/%2 held · %3</source>
        <translation>Shards %1/%2 gehalten · %3</translation>
    </message>
    <message>
        <source>no replica connected</source>
        <translation>kein Replikat verbunden</translation>
    </message>
    <message>
        <source>shard %1 · not connected</source>
        <translation>Shard %1 · nicht verbunden</translation>
    </message>
    <message>
        <source>shard %1 · holds none</source>
        <translation>Shard %1 · hält keinen</translation>
    </message>
    <message numerus="yes">
        <source>shard %1 · holds %2 · %n dealer(s)</source>
        <translation>
            <numerusform>Shard %1 · hält %2 · %n Händler</numerusform>
            <numerusform>Shard %1 · hält %2 · %n Händler</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (sharded)</source>
        <translation>%1 (in Shards)</translation>
    </message>
    <message numerus="yes">
        <source>%n replica connection(s)</source>
        <translation>
            <numerusform>%n Replikat-Verbindung</numerusform>
            <numerusform>%n Replikat-Verbindungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 connected</source>
        <translation>%1 von %2 verbunden</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>gemischt</translation>
    </message>
    <message>
        <source>Redis: %1</source>
        <translation>Redis: %1</translation>
    </message>
    <message>
        <source>Shards</source>
        <translation>Shards</translation>
    </message>
</context>
<context>
    <name>orch::ui::FleetView</name>
    <message>
        <source>Fleet</source>
        <translation>Flotte</translation>
    </message>
    <message>
        <source>Waiting on you: unknown</source>
        <translation>Wartet auf Sie: unbekannt</translation>
    </message>
    <message>
        <source>Nothing waits on you</source>
        <translation>Nichts wartet auf Sie</translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n approval(s) wait on you&lt;/b&gt;&lt;/span&gt;</source>
        <translation>
            <numerusform>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n Freigabe wartet auf Sie&lt;/b&gt;&lt;/span&gt;</numerusform>
            <numerusform>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n Freigaben warten auf Sie&lt;/b&gt;&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::GovernanceModel</name>
    <message>
        <source>Cap reached</source>
        <translation>Obergrenze erreicht</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n time(s)</source>
        <translation>
            <numerusform>Einmal abgelehnt</numerusform>
            <numerusform>%n-mal abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>Near the cap</source>
        <translation>Nahe der Obergrenze</translation>
    </message>
    <message>
        <source>Within budget</source>
        <translation>Im Budget</translation>
    </message>
    <message>
        <source>Last refusal: %1</source>
        <translation>Letzte Ablehnung: %1</translation>
    </message>
    <message>
        <source>%1 of the %2 monthly cap</source>
        <translation>%1 der monatlichen Obergrenze von %2</translation>
    </message>
    <message>
        <source>Dealer</source>
        <translation>Händler</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Ausgegeben</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <source>Of the cap</source>
        <translation>Anteil an Obergrenze</translation>
    </message>
    <message>
        <source>Charged fixes</source>
        <translation>Berechnete Korrekturen</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>Ablehnungen</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>No reward measured</source>
        <translation>Keine Belohnung gemessen</translation>
    </message>
    <message>
        <source>✔ Meets (%1)</source>
        <translation>✔ Erfüllt (%1)</translation>
    </message>
    <message>
        <source>✘ Below (%1)</source>
        <translation>✘ Verfehlt (%1)</translation>
    </message>
    <message>
        <source>%1 (%2 pending)</source>
        <translation>%1 (%2 ausstehend)</translation>
    </message>
    <message>
        <source>Decision %1 (%2) of %3, reward %4 measured %5: %6 the %7× reward threshold</source>
        <translation>Entscheidung %1 (%2) vom %3, Belohnung %4, gemessen am %5: %6 die %7×-Belohnungsschwelle</translation>
    </message>
    <message>
        <source>meets</source>
        <translation>erfüllt</translation>
    </message>
    <message>
        <source>below</source>
        <translation>verfehlt</translation>
    </message>
    <message numerus="yes">
        <source>Of %n rewarded decision(s) this month; the threshold: a positive reward and ΔVisibility·ΔRevenue ≥ %1 × the API cost</source>
        <translation>
            <numerusform>Von %n belohnten Entscheidung in diesem Monat; die Schwelle: eine positive Belohnung und ΔSichtbarkeit·ΔUmsatz ≥ %1 × die API-Kosten</numerusform>
            <numerusform>Von %n belohnten Entscheidungen in diesem Monat; die Schwelle: eine positive Belohnung und ΔSichtbarkeit·ΔUmsatz ≥ %1 × die API-Kosten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) wait for their reward to be measured</source>
        <translation>
            <numerusform>%n Entscheidung wartet auf die Messung ihrer Belohnung</numerusform>
            <numerusform>%n Entscheidungen warten auf die Messung ihrer Belohnung</numerusform>
        </translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <source>Meet threshold</source>
        <translation>Erfüllt</translation>
    </message>
    <message>
        <source>Below threshold</source>
        <translation>Verfehlt</translation>
    </message>
    <message>
        <source>Mean reward</source>
        <translation>Mittlere Belohnung</translation>
    </message>
    <message>
        <source>Last verdict</source>
        <translation>Letztes Urteil</translation>
    </message>
</context>
<context>
    <name>orch::ui::GovernancePage</name>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Filter dealers</source>
        <translation>Händler filtern</translation>
    </message>
    <message>
        <source>Filter by dealer or budget…</source>
        <translation>Nach Händler oder Budget filtern…</translation>
    </message>
    <message>
        <source>Spend per dealer</source>
        <translation>Ausgaben je Händler</translation>
    </message>
    <message>
        <source>API spend per dealer, by month</source>
        <translation>API-Ausgaben je Händler, nach Monat</translation>
    </message>
    <message>
        <source>Spend over time chart</source>
        <translation>Diagramm der Ausgaben im Zeitverlauf</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>&amp;Monat</translation>
    </message>
    <message>
        <source>%1 (this month)</source>
        <translation>%1 (dieser Monat)</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Warten auf den Orchestrator…</translation>
    </message>
    <message>
        <source>The governance ledger appears once the orchestrator is running.</source>
        <translation>Das Governance-Journal erscheint, sobald der Orchestrator läuft.</translation>
    </message>
    <message>
        <source>The orchestrator is not reachable</source>
        <translation>Der Orchestrator ist nicht erreichbar</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>Die Verbindung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The governance ledger could not be loaded</source>
        <translation>Das Governance-Journal konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>The rollouts could not be loaded</source>
        <translation>Die Rollouts konnten nicht geladen werden</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 spent by %n dealer(s) against a cap of %3 each · %4 at the cap · %5 refusal(s) · smallest remaining budget %6 · reward threshold %7×</source>
        <translation>
            <numerusform>%1: %2 ausgegeben von %n Händler bei einer Obergrenze von je %3 · %4 an der Obergrenze · %5 Ablehnung(en) · kleinstes Restbudget %6 · Belohnungsschwelle %7×</numerusform>
            <numerusform>%1: %2 ausgegeben von %n Händlern bei einer Obergrenze von je %3 · %4 an der Obergrenze · %5 Ablehnung(en) · kleinstes Restbudget %6 · Belohnungsschwelle %7×</numerusform>
        </translation>
    </message>
    <message>
        <source>chart unavailable: %1</source>
        <translation>Diagramm nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>No spend in %1</source>
        <translation>Keine Ausgaben in %1</translation>
    </message>
    <message>
        <source>No dealer was charged for a fix this month.</source>
        <translation>In diesem Monat wurde keinem Händler eine Korrektur berechnet.</translation>
    </message>
    <message>
        <source>Mean per dealer</source>
        <translation>Mittelwert je Händler</translation>
    </message>
    <message>
        <source>Highest dealer</source>
        <translation>Höchster Händler</translation>
    </message>
    <message>
        <source>Monthly cap %1</source>
        <translation>Monatliche Obergrenze %1</translation>
    </message>
    <message>
        <source>US dollars</source>
        <translation>US-Dollar</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Filter by reward-threshold verdict</source>
        <translation>Nach Urteil zur Belohnungsschwelle filtern</translation>
    </message>
    <message>
        <source>All dealers</source>
        <translation>Alle Händler</translation>
    </message>
    <message>
        <source>Last verdict below the threshold</source>
        <translation>Letztes Urteil unter der Schwelle</translation>
    </message>
    <message>
        <source>Any decision below the threshold</source>
        <translation>Eine Entscheidung unter der Schwelle</translation>
    </message>
    <message>
        <source>Last verdict meets the threshold</source>
        <translation>Letztes Urteil erfüllt die Schwelle</translation>
    </message>
    <message>
        <source>No reward measured</source>
        <translation>Keine Belohnung gemessen</translation>
    </message>
    <message>
        <source>Spend by day chart</source>
        <translation>Diagramm der Ausgaben je Tag</translation>
    </message>
    <message>
        <source>This month, by day</source>
        <translation>Dieser Monat, je Tag</translation>
    </message>
    <message>
        <source>Six months</source>
        <translation>Sechs Monate</translation>
    </message>
    <message>
        <source>the outcomes are of %1, not %2</source>
        <translation>die Ergebnisse betreffen %1, nicht %2</translation>
    </message>
    <message numerus="yes">
        <source>%n rewarded decision(s): %1 meet the threshold, %2 below it; %3 dealer(s) last below</source>
        <translation>
            <numerusform>%n belohnte Entscheidung: %1 erfüllen die Schwelle, %2 liegen darunter; %3 Händler zuletzt darunter</numerusform>
            <numerusform>%n belohnte Entscheidungen: %1 erfüllen die Schwelle, %2 liegen darunter; %3 Händler zuletzt darunter</numerusform>
        </translation>
    </message>
    <message>
        <source>reward verdicts unavailable: %1</source>
        <translation>Urteile zur Belohnung nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>API spend by day: not available from this orchestrator</source>
        <translation>API-Ausgaben je Tag: bei diesem Orchestrator nicht verfügbar</translation>
    </message>
    <message>
        <source>Fleet spend per day</source>
        <translation>Flottenausgaben je Tag</translation>
    </message>
    <message>
        <source>%1: spend so far</source>
        <translation>%1: bisherige Ausgaben</translation>
    </message>
    <message>
        <source>Day of %1 (UTC)</source>
        <translation>Tag im %1 (UTC)</translation>
    </message>
    <message>
        <source>API spend by day, %1: the fleet, and %2 against the cap</source>
        <translation>API-Ausgaben je Tag, %1: die Flotte und %2 gegenüber der Obergrenze</translation>
    </message>
    <message>
        <source>API spend by day, %1</source>
        <translation>API-Ausgaben je Tag, %1</translation>
    </message>
</context>
<context>
    <name>orch::ui::MainWindow</name>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>Reward simulator</source>
        <translation>Belohnungssimulator</translation>
    </message>
    <message>
        <source>Governance</source>
        <translation>Governance</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>Spezifikation</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <source>Audit review</source>
        <translation>Audit-Prüfung</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Export chart…</source>
        <translation>Diagramm &amp;exportieren…</translation>
    </message>
    <message>
        <source>Save the current page&apos;s chart as a PNG or SVG image</source>
        <translation>Das Diagramm der aktuellen Seite als PNG- oder SVG-Bild speichern</translation>
    </message>
    <message>
        <source>Export chart &amp;data as CSV…</source>
        <translation>Diagramm&amp;daten als CSV exportieren…</translation>
    </message>
    <message>
        <source>Save the data of the current page&apos;s chart as CSV</source>
        <translation>Die Daten des Diagramms der aktuellen Seite als CSV speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Pause simulation</source>
        <translation>Simulation &amp;anhalten</translation>
    </message>
    <message>
        <source>Stop or resume the simulated clock</source>
        <translation>Die simulierte Uhr anhalten oder fortsetzen</translation>
    </message>
    <message>
        <source>Only an embedded orchestrator runs a simulation</source>
        <translation>Nur ein eingebetteter Orchestrator führt eine Simulation aus</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Autonomic Orchestrator</source>
        <translation>&amp;Über Autonomic Orchestrator</translation>
    </message>
    <message>
        <source>Show the %1 page</source>
        <translation>Seite „%1“ anzeigen</translation>
    </message>
    <message>
        <source>This page has no chart data to export yet.</source>
        <translation>Diese Seite hat noch keine Diagrammdaten zum Exportieren.</translation>
    </message>
    <message>
        <source>Export the chart&apos;s data</source>
        <translation>Diagrammdaten exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png);;SVG images (*.svg)</source>
        <translation>PNG-Bilder (*.png);;SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>About Autonomic Orchestrator</source>
        <translation>Über Autonomic Orchestrator</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Autonomic Orchestrator %1&lt;/h3&gt;&lt;p&gt;Drift detection, adaptive learning and canary rollout for the AI-visibility metrics (AIV, ATI, CRS) of a fleet of dealerships.&lt;/p&gt;&lt;p&gt;Connected to: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Autonomic Orchestrator %1&lt;/h3&gt;&lt;p&gt;Drift-Erkennung, adaptives Lernen und Canary-Rollout für die KI-Sichtbarkeitskennzahlen (AIV, ATI, CRS) einer Flotte von Autohäusern.&lt;/p&gt;&lt;p&gt;Verbunden mit: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;System language (%1)</source>
        <translation>&amp;Systemsprache (%1)</translation>
    </message>
</context>
<context>
    <name>orch::ui::PhaseBadge</name>
    <message>
        <source>Orchestrator phase</source>
        <translation>Orchestrator-Phase</translation>
    </message>
    <message>
        <source>No status has arrived from the orchestrator yet</source>
        <translation>Vom Orchestrator ist noch kein Status eingetroffen</translation>
    </message>
    <message>
        <source>Orchestrator phase: %1</source>
        <translation>Orchestrator-Phase: %1</translation>
    </message>
    <message>
        <source>no status</source>
        <translation>kein Status</translation>
    </message>
</context>
<context>
    <name>orch::ui::RewardPage</name>
    <message>
        <source>ΔVisibility</source>
        <translation>ΔSichtbarkeit</translation>
    </message>
    <message>
        <source>ΔRevenue ($)</source>
        <translation>ΔUmsatz ($)</translation>
    </message>
    <message>
        <source>API cost ($)</source>
        <translation>API-Kosten ($)</translation>
    </message>
    <message>
        <source>Minimum reward threshold (×)</source>
        <translation>Mindest-Belohnungsschwelle (×)</translation>
    </message>
    <message>
        <source>%1 [%2, %3]</source>
        <translation>%1 [%2, %3]</translation>
    </message>
    <message>
        <source>Replays the RLController&apos;s decision log under the settings above (off-policy evaluation, IPS and self-normalized IPS).</source>
        <translation>Spielt das Entscheidungsprotokoll des RLController mit den obigen Einstellungen erneut ab (Off-Policy-Evaluation, IPS und selbstnormalisiertes IPS).</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Delta visibility</source>
        <translation>Delta Sichtbarkeit</translation>
    </message>
    <message>
        <source>Delta revenue in dollars</source>
        <translation>Delta Umsatz in Dollar</translation>
    </message>
    <message>
        <source>API cost in dollars</source>
        <translation>API-Kosten in Dollar</translation>
    </message>
    <message>
        <source>Minimum reward threshold</source>
        <translation>Mindest-Belohnungsschwelle</translation>
    </message>
    <message>
        <source>Benefit (ΔVisibility × ΔRevenue) needed per dollar of API cost; the running spec&apos;s governance.minRewardThreshold once connected</source>
        <translation>Nötiger Nutzen (ΔSichtbarkeit × ΔUmsatz) je Dollar API-Kosten; nach dem Verbinden der Wert governance.minRewardThreshold der laufenden Spezifikation</translation>
    </message>
    <message>
        <source>Delta visibility slider</source>
        <translation>Schieberegler Delta Sichtbarkeit</translation>
    </message>
    <message>
        <source>Delta revenue slider</source>
        <translation>Schieberegler Delta Umsatz</translation>
    </message>
    <message>
        <source>API cost slider</source>
        <translation>Schieberegler API-Kosten</translation>
    </message>
    <message>
        <source>ΔRevenue</source>
        <translation>ΔUmsatz</translation>
    </message>
    <message>
        <source>API cost</source>
        <translation>API-Kosten</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>Reward = ΔVisibility × ΔRevenue − API cost</source>
        <translation>Belohnung = ΔSichtbarkeit × ΔUmsatz − API-Kosten</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>Sensitivität</translation>
    </message>
    <message>
        <source>Input to vary</source>
        <translation>Zu variierende Eingabe</translation>
    </message>
    <message>
        <source>Automatic range</source>
        <translation>Automatischer Bereich</translation>
    </message>
    <message>
        <source>Range from</source>
        <translation>Bereich von</translation>
    </message>
    <message>
        <source>Range to</source>
        <translation>Bereich bis</translation>
    </message>
    <message>
        <source>&amp;Vary</source>
        <translation>&amp;Variieren</translation>
    </message>
    <message>
        <source>from</source>
        <translation>von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Belohnung</translation>
    </message>
    <message>
        <source>Reward 0</source>
        <translation>Belohnung 0</translation>
    </message>
    <message>
        <source>Break-even</source>
        <translation>Break-even</translation>
    </message>
    <message>
        <source>Current inputs</source>
        <translation>Aktuelle Eingaben</translation>
    </message>
    <message>
        <source>Reward sensitivity chart</source>
        <translation>Diagramm der Belohnungssensitivität</translation>
    </message>
    <message>
        <source>What-if replay of the learning policy</source>
        <translation>Was-wäre-wenn-Wiedergabe der Lernstrategie</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Confidence gate</source>
        <translation>Konfidenzschwelle</translation>
    </message>
    <message>
        <source>Reward threshold</source>
        <translation>Belohnungsschwelle</translation>
    </message>
    <message>
        <source>Minimum rewarded decisions</source>
        <translation>Mindestzahl belohnter Entscheidungen</translation>
    </message>
    <message>
        <source>Below this many rewarded decisions the replay gives no estimate</source>
        <translation>Unterhalb dieser Zahl belohnter Entscheidungen liefert die Wiedergabe keine Schätzung</translation>
    </message>
    <message>
        <source>Decisions to replay</source>
        <translation>Wiederzugebende Entscheidungen</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>The whole log</source>
        <translation>Das ganze Protokoll</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>&amp;Lernrate</translation>
    </message>
    <message>
        <source>Confidence &amp;gate</source>
        <translation>&amp;Konfidenzschwelle</translation>
    </message>
    <message>
        <source>Reward &amp;threshold</source>
        <translation>Belohnungs&amp;schwelle</translation>
    </message>
    <message>
        <source>&amp;Decisions</source>
        <translation>&amp;Entscheidungen</translation>
    </message>
    <message>
        <source>At &amp;least</source>
        <translation>&amp;Mindestens</translation>
    </message>
    <message>
        <source>Run replay</source>
        <translation>Wiedergabe starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Replay progress</source>
        <translation>Fortschritt der Wiedergabe</translation>
    </message>
    <message>
        <source>Mean reward per decision (95 % intervals)</source>
        <translation>Ø Belohnung je Entscheidung (95-%-Intervalle)</translation>
    </message>
    <message>
        <source>Replay estimates chart</source>
        <translation>Diagramm der Wiedergabe-Schätzungen</translation>
    </message>
    <message>
        <source>Replaying the decision log… %1 s</source>
        <translation>Entscheidungsprotokoll wird wiedergegeben… %1 s</translation>
    </message>
    <message>
        <source>✔ Meets the %1× threshold</source>
        <translation>✔ Erfüllt die %1×-Schwelle</translation>
    </message>
    <message>
        <source>✘ Below the %1× threshold</source>
        <translation>✘ Unter der %1×-Schwelle</translation>
    </message>
    <message>
        <source>Benefit ΔVisibility × ΔRevenue = %1; it must reach %2 × the API cost (%3) and exceed the cost.</source>
        <translation>Nutzen ΔSichtbarkeit × ΔUmsatz = %1; er muss %2 × die API-Kosten (%3) erreichen und die Kosten übersteigen.</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>%1: never meets (%2)</source>
        <translation>%1: nie erfüllt (%2)</translation>
    </message>
    <message>
        <source>%1: always meets (%2)</source>
        <translation>%1: immer erfüllt (%2)</translation>
    </message>
    <message>
        <source>Meets the threshold, the other inputs as they are, when: %1</source>
        <translation>Erfüllt die Schwelle bei unveränderten übrigen Eingaben, wenn: %1</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>Nicht berechenbar: %1</translation>
    </message>
    <message>
        <source>Break-even: %1</source>
        <translation>Break-even: %1</translation>
    </message>
    <message>
        <source>The verdict flips at %1 = %2 (%3); it meets the threshold %4 it.</source>
        <translation>Das Ergebnis kippt bei %1 = %2 (%3); %4 davon erfüllt es die Schwelle.</translation>
    </message>
    <message>
        <source>above</source>
        <translation>oberhalb</translation>
    </message>
    <message>
        <source>below</source>
        <translation>unterhalb</translation>
    </message>
    <message>
        <source>The verdict flips at %1 = %2, outside this range.</source>
        <translation>Das Ergebnis kippt bei %1 = %2, außerhalb dieses Bereichs.</translation>
    </message>
    <message>
        <source>Meets the threshold whatever %1: %2</source>
        <translation>Erfüllt die Schwelle unabhängig von %1: %2</translation>
    </message>
    <message>
        <source>Never meets the threshold, whatever %1: %2</source>
        <translation>Erfüllt die Schwelle nie, unabhängig von %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) could not be computed.</source>
        <translation>
            <numerusform>%n Punkt konnte nicht berechnet werden.</numerusform>
            <numerusform>%n Punkte konnten nicht berechnet werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>The replay runs on the orchestrator: connect first</source>
        <translation>Die Wiedergabe läuft auf dem Orchestrator: Verbinden Sie sich zuerst</translation>
    </message>
    <message>
        <source>The orchestrator is not reachable; the replay was abandoned.</source>
        <translation>Der Orchestrator ist nicht erreichbar; die Wiedergabe wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The replay runs on the orchestrator, which is not connected.</source>
        <translation>Die Wiedergabe läuft auf dem Orchestrator, der nicht verbunden ist.</translation>
    </message>
    <message>
        <source>Replaying the decision log…</source>
        <translation>Entscheidungsprotokoll wird wiedergegeben…</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed; run the replay again at any time.</source>
        <translation>Abgebrochen. Es wurde nichts geändert; Sie können die Wiedergabe jederzeit erneut starten.</translation>
    </message>
    <message>
        <source>The replay failed: %1</source>
        <translation>Die Wiedergabe ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No estimate from %1 rewarded decision(s): %2.</source>
        <translation>Keine Schätzung aus %1 belohnten Entscheidung(en): %2.</translation>
    </message>
    <message>
        <source>Logged</source>
        <translation>Protokolliert</translation>
    </message>
    <message>
        <source>IPS</source>
        <translation>IPS</translation>
    </message>
    <message>
        <source>SNIPS</source>
        <translation>SNIPS</translation>
    </message>
    <message>
        <source>%1 rewarded decisions replayed (effective sample size %2). Logged policy: %3. Alternative: IPS %4, SNIPS %5. Difference (SNIPS − logged): %6.</source>
        <translation>%1 belohnte Entscheidungen wiedergegeben (effektive Stichprobengröße %2). Protokollierte Strategie: %3. Alternative: IPS %4, SNIPS %5. Differenz (SNIPS − protokolliert): %6.</translation>
    </message>
    <message>
        <source>The alternative would likely have done better.</source>
        <translation>Die Alternative hätte wahrscheinlich besser abgeschnitten.</translation>
    </message>
    <message>
        <source>The alternative would likely have done worse.</source>
        <translation>Die Alternative hätte wahrscheinlich schlechter abgeschnitten.</translation>
    </message>
    <message>
        <source>No significant difference at 95 %.</source>
        <translation>Kein signifikanter Unterschied bei 95 %.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::ScreenshotTour</name>
    <message>
        <source>cannot create the directory %1</source>
        <translation>Verzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>the orchestrator failed to start</source>
        <translation>der Orchestrator konnte nicht starten</translation>
    </message>
    <message>
        <source>the orchestrator failed to start: %1</source>
        <translation>der Orchestrator konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>gave up after %1 s: warm-up finished, but only %2 of %3 live statuses arrived</source>
        <translation>nach %1 s aufgegeben: Aufwärmphase beendet, aber nur %2 von %3 Live-Status eingetroffen</translation>
    </message>
    <message>
        <source>gave up after %1 s: the warm-up did not finish</source>
        <translation>nach %1 s aufgegeben: Die Aufwärmphase wurde nicht beendet</translation>
    </message>
    <message>
        <source>; last error: %1</source>
        <translation>; letzter Fehler: %1</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>cannot save %1</source>
        <translation>%1 kann nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>orch::ui::SpecModel</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>orch::ui::SpecPage</name>
    <message>
        <source>Specification</source>
        <translation>Spezifikation</translation>
    </message>
    <message>
        <source>The settings the orchestrator runs with. Keys are those of a spec document (&lt;tt&gt;--spec FILE&lt;/tt&gt;).</source>
        <translation>Die Einstellungen, mit denen der Orchestrator läuft. Die Schlüssel sind die eines Spezifikationsdokuments (&lt;tt&gt;--spec FILE&lt;/tt&gt;).</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>The console is not connected to an orchestrator.</source>
        <translation>Die Konsole ist mit keinem Orchestrator verbunden.</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Warten auf den Orchestrator…</translation>
    </message>
    <message>
        <source>Starting %1.</source>
        <translation>%1 wird gestartet.</translation>
    </message>
    <message>
        <source>Loading the specification…</source>
        <translation>Spezifikation wird geladen…</translation>
    </message>
    <message>
        <source>The orchestrator is not available</source>
        <translation>Der Orchestrator ist nicht verfügbar</translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation>Die Verbindung zu %1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The specification could not be loaded</source>
        <translation>Die Spezifikation konnte nicht geladen werden</translation>
    </message>
</context>
<context>
    <name>orch::ui::StatusPage</name>
    <message>
        <source>Orchestrator status</source>
        <translation>Orchestrator-Status</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Status time</source>
        <translation>Statuszeit</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <source>Governance</source>
        <translation>Governance</translation>
    </message>
    <message>
        <source>API cost remaining</source>
        <translation>Verbleibende API-Kosten</translation>
    </message>
    <message>
        <source>The smallest remaining monthly API budget of any dealer</source>
        <translation>Das kleinste verbleibende monatliche API-Budget aller Händler</translation>
    </message>
    <message>
        <source>API budget remaining</source>
        <translation>Verbleibendes API-Budget</translation>
    </message>
    <message>
        <source>API cost remaining:</source>
        <translation>Verbleibende API-Kosten:</translation>
    </message>
    <message>
        <source>Minimum reward threshold</source>
        <translation>Mindest-Belohnungsschwelle</translation>
    </message>
    <message>
        <source>An action&apos;s reward must be at least this multiple of its API cost</source>
        <translation>Die Belohnung einer Aktion muss mindestens dieses Vielfache ihrer API-Kosten betragen</translation>
    </message>
    <message>
        <source>Minimum reward threshold:</source>
        <translation>Mindest-Belohnungsschwelle:</translation>
    </message>
    <message>
        <source>Automatic rollback</source>
        <translation>Automatischer Rollback</translation>
    </message>
    <message>
        <source>Automatic rollback:</source>
        <translation>Automatischer Rollback:</translation>
    </message>
    <message>
        <source>Telemetry configuration</source>
        <translation>Telemetrie-Konfiguration</translation>
    </message>
    <message>
        <source>Metrics store</source>
        <translation>Metrikspeicher</translation>
    </message>
    <message>
        <source>Metrics store:</source>
        <translation>Metrikspeicher:</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Prüfpfad</translation>
    </message>
    <message>
        <source>Audit trail:</source>
        <translation>Prüfpfad:</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Aufbewahrung</translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation>Aufbewahrung:</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>The console is not connected to an orchestrator.</source>
        <translation>Die Konsole ist mit keinem Orchestrator verbunden.</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Warten auf den Orchestrator…</translation>
    </message>
    <message>
        <source>Starting %1. The status appears as soon as the orchestrator reports it.</source>
        <translation>%1 wird gestartet. Der Status erscheint, sobald der Orchestrator ihn meldet.</translation>
    </message>
    <message>
        <source>Waiting for the first status…</source>
        <translation>Warten auf den ersten Status…</translation>
    </message>
    <message>
        <source>Connected to %1. The orchestrator publishes its status once it runs live; an embedded orchestrator first simulates its warm-up days (progress in the status bar).</source>
        <translation>Verbunden mit %1. Der Orchestrator veröffentlicht seinen Status, sobald er live läuft; ein eingebetteter Orchestrator simuliert zuerst seine Aufwärmtage (Fortschritt in der Statusleiste).</translation>
    </message>
    <message>
        <source>The orchestrator is not available</source>
        <translation>Der Orchestrator ist nicht verfügbar</translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation>Die Verbindung zu %1 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>Stand: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;The orchestrator reported an error.&lt;/b&gt; The values below are from %1.&lt;br&gt;%2</source>
        <translation>&lt;b&gt;Der Orchestrator hat einen Fehler gemeldet.&lt;/b&gt; Die Werte unten stammen von %1.&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>The orchestrator reported an error</source>
        <translation>Der Orchestrator hat einen Fehler gemeldet</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 of %2 per dealer per month</source>
        <translation>%1 von %2 je Händler und Monat</translation>
    </message>
    <message>
        <source>%1 of the monthly budget left</source>
        <translation>%1 des Monatsbudgets übrig</translation>
    </message>
    <message>
        <source>%1 per dealer per month</source>
        <translation>%1 je Händler und Monat</translation>
    </message>
    <message>
        <source>Disabled: rollbacks wait for an analyst&apos;s approval</source>
        <translation>Deaktiviert: Rollbacks warten auf die Freigabe eines Analysten</translation>
    </message>
    <message>
        <source>Enabled (error rate above %1)</source>
        <translation>Aktiviert (Fehlerrate über %1)</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>append-only</source>
        <translation>nur anhängend</translation>
    </message>
    <message>
        <source>%1 hash chain</source>
        <translation>%1-Hash-Kette</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting to the orchestrator…</source>
        <translation>Verbindung zum Orchestrator wird neu aufgebaut…</translation>
    </message>
</context>
<context>
    <name>orch::ui::TimeSeriesChart</name>
    <message>
        <source>Time series chart</source>
        <translation>Zeitreihendiagramm</translation>
    </message>
    <message>
        <source>Drag to pan, Shift+drag to zoom into a time range, the wheel zooms, a double click or Home resets the zoom</source>
        <translation>Ziehen verschiebt, Umschalt+Ziehen zoomt in einen Zeitraum, das Mausrad zoomt, ein Doppelklick oder Pos1 setzt den Zoom zurück</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::TrustPages</name>
    <message>
        <source>This console (embedded)</source>
        <translation>Diese Konsole (eingebettet)</translation>
    </message>
</context>
</TS>
