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
            <numerusform>every %n minute</numerusform>
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
            <numerusform>Simulating the first %n day…</numerusform>
            <numerusform>Simulating the first %n days…</numerusform>
        </translation>
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
</context>
</TS>
