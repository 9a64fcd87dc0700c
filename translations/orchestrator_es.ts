<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ConsoleCommandLine</name>
    <message>
        <source>--%1: expected %2, got &quot;%3&quot;</source>
        <translation>--%1: se esperaba %2, se recibió «%3»</translation>
    </message>
    <message>
        <source>Keep the orchestrator&apos;s store in &lt;dir&gt; (default: a temporary directory).</source>
        <translation>Guardar el almacén del orquestador en &lt;dir&gt; (predeterminado: un directorio temporal).</translation>
    </message>
    <message>
        <source>Orchestrator spec document (default: the built-in SPEC.md values).</source>
        <translation>Documento de especificación del orquestador (predeterminado: los valores integrados de SPEC.md).</translation>
    </message>
    <message>
        <source>Dealerships in the simulated fleet (default: 25).</source>
        <translation>Concesionarios de la flota simulada (predeterminado: 25).</translation>
    </message>
    <message>
        <source>Seed of the simulated fleet (default: 42).</source>
        <translation>Semilla de la flota simulada (predeterminado: 42).</translation>
    </message>
    <message>
        <source>Wall-clock milliseconds per simulated 15-minute tick (default: 250).</source>
        <translation>Milisegundos reales por cada paso simulado de 15 minutos (predeterminado: 250).</translation>
    </message>
    <message>
        <source>Days simulated as fast as possible before the live pace starts (default: 8).</source>
        <translation>Días simulados lo más rápido posible antes de pasar al ritmo en vivo (predeterminado: 8).</translation>
    </message>
    <message>
        <source>Wait for the warm-up and a few live ticks, save every page as &lt;dir&gt;/&lt;page&gt;.png, and exit.</source>
        <translation>Esperar al calentamiento y a unos pasos en vivo, guardar cada página como &lt;dir&gt;/&lt;page&gt;.png y salir.</translation>
    </message>
    <message>
        <source>Autonomic Orchestrator console: watches an orchestrator running embedded on a simulated fleet.</source>
        <translation>Consola de Autonomic Orchestrator: supervisa un orquestador integrado que funciona sobre una flota simulada.</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>un número entero de %1 a %2</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>argumento inesperado «%1»</translation>
    </message>
    <message>
        <source>a non-negative whole number</source>
        <translation>un número entero no negativo</translation>
    </message>
    <message>
        <source>a directory</source>
        <translation>un directorio</translation>
    </message>
    <message>
        <source>an existing spec file</source>
        <translation>un archivo de especificación existente</translation>
    </message>
    <message>
        <source>Use &lt;lang&gt; for this run: system, en, de or es (default: the choice in the View menu, else the system&apos;s language).</source>
        <translation>Usar &lt;lang&gt; en esta ejecución: system, en, de o es (predeterminado: lo elegido en el menú Ver o, si no, el idioma del sistema).</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>uno de %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Export failed</source>
        <translation>La exportación ha fallado</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Cannot write %1</source>
        <translation>No se puede escribir %1</translation>
    </message>
    <message>
        <source>%1: the file name must end in .png or .svg</source>
        <translation>%1: el nombre del archivo debe terminar en .png o .svg</translation>
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
        <translation>ahora</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>dentro de %1</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>hace %1</translation>
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
        <translation>Ejecute «%1 --help» para ver las opciones.</translation>
    </message>
</context>
<context>
    <name>orch::EmbeddedClient</name>
    <message numerus="yes">
        <source>Embedded · simulated fleet (%n dealer(s))</source>
        <translation>
            <numerusform>Integrado · flota simulada (%n concesionario)</numerusform>
            <numerusform>Integrado · flota simulada (%n concesionarios)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create a temporary data directory: %1</source>
        <translation>No se puede crear un directorio de datos temporal: %1</translation>
    </message>
    <message>
        <source>The embedded orchestrator is not running.</source>
        <translation>El orquestador integrado no está en marcha.</translation>
    </message>
    <message>
        <source>The embedded orchestrator did not accept the request.</source>
        <translation>El orquestador integrado no ha aceptado la solicitud.</translation>
    </message>
    <message>
        <source>The embedded orchestrator stopped before answering.</source>
        <translation>El orquestador integrado se detuvo antes de responder.</translation>
    </message>
</context>
<context>
    <name>orch::ui::ApprovalsModel</name>
    <message>
        <source>not connected</source>
        <translation>sin conexión</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>conectando</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>inaccesible</translation>
    </message>
    <message>
        <source>no client</source>
        <translation>sin cliente</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>roll back</source>
        <translation>revertir</translation>
    </message>
    <message>
        <source>promote</source>
        <translation>promover</translation>
    </message>
    <message>
        <source> · %1 of %2 approvals</source>
        <translation> · %1 de %2 aprobaciones</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>no ejecutada</translation>
    </message>
    <message>
        <source>%1 of %2 passed</source>
        <translation>%1 de %2 superadas</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orquestador</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Despliegue</translation>
    </message>
    <message>
        <source>Asks to</source>
        <translation>Solicita</translation>
    </message>
    <message>
        <source>Requested (UTC)</source>
        <translation>Solicitado (UTC)</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Tasa de error</translation>
    </message>
    <message>
        <source>Drift on</source>
        <translation>Deriva en</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Verificación</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
</context>
<context>
    <name>orch::ui::ApprovalsPage</name>
    <message>
        <source>Approvals</source>
        <translation>Aprobaciones</translation>
    </message>
    <message>
        <source>Rollbacks and promotions waiting for an analyst, from every connected orchestrator. Each decision needs a comment and is recorded in that orchestrator&apos;s audit trail with your identity.</source>
        <translation>Reversiones y promociones de todos los orquestadores conectados que esperan a un analista. Cada decisión requiere un comentario y queda anotada con su identidad en el registro de auditoría de ese orquestador.</translation>
    </message>
    <message>
        <source>Orchestrators</source>
        <translation>Orquestadores</translation>
    </message>
    <message>
        <source>Pending approvals</source>
        <translation>Aprobaciones pendientes</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidencias</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Aprobar…</translation>
    </message>
    <message>
        <source>&amp;Refuse…</source>
        <translation>&amp;Rechazar…</translation>
    </message>
    <message numerus="yes">
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: %n waiting</source>
        <translation>
            <numerusform>%1 &lt;b&gt;%2&lt;/b&gt;: %n pendiente</numerusform>
            <numerusform>%1 &lt;b&gt;%2&lt;/b&gt;: %n pendientes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: connecting…</source>
        <translation>%1 &lt;b&gt;%2&lt;/b&gt;: conectando…</translation>
    </message>
    <message>
        <source>%1 &lt;b&gt;%2&lt;/b&gt;: unreachable (%3)</source>
        <translation>%1 &lt;b&gt;%2&lt;/b&gt;: inaccesible (%3)</translation>
    </message>
    <message>
        <source>No orchestrator connected.</source>
        <translation>Ningún orquestador conectado.</translation>
    </message>
    <message>
        <source>No orchestrator connected</source>
        <translation>Ningún orquestador conectado</translation>
    </message>
    <message>
        <source>Add one on the Connections page.</source>
        <translation>Añada uno en la página Conexiones.</translation>
    </message>
    <message>
        <source>No orchestrator is reachable</source>
        <translation>Ningún orquestador está accesible</translation>
    </message>
    <message>
        <source>Approvals appear here as soon as one answers; nothing stale is shown.</source>
        <translation>Las aprobaciones aparecen aquí en cuanto alguno responda; nunca se muestra nada desactualizado.</translation>
    </message>
    <message>
        <source>Nothing waits on you</source>
        <translation>Nada espera su decisión</translation>
    </message>
    <message>
        <source>Rollbacks and promotions that need an analyst&apos;s decision appear here.</source>
        <translation>Aquí aparecen las reversiones y promociones que requieren la decisión de un analista.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select an approval to see its evidence.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Seleccione una aprobación para ver sus evidencias.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Not connected to %1.</source>
        <translation>Sin conexión con %1.</translation>
    </message>
    <message>
        <source>You decide as %1 (%2).</source>
        <translation>Decide como %1 (%2).</translation>
    </message>
    <message>
        <source>an anonymous approver</source>
        <translation>aprobador anónimo</translation>
    </message>
    <message>
        <source>Your role on %1 is %2: only an approver can approve or refuse.</source>
        <translation>Su rol en %1 es %2: solo un aprobador (approver) puede aprobar o rechazar.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Rollout #%1 (%2) asks to %3&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;El despliegue #%1 (%2) solicita %3&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>roll back</source>
        <translation>revertir</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Why:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Requested:&lt;/b&gt; %2 by %3 on %4&lt;br&gt;&lt;b&gt;Scope:&lt;/b&gt; %5 · &lt;b&gt;approvals:&lt;/b&gt; %6 of %7 · &lt;b&gt;expires:&lt;/b&gt; %8&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Motivo:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Solicitado:&lt;/b&gt; %2 por %3 en %4&lt;br&gt;&lt;b&gt;Ámbito:&lt;/b&gt; %5 · &lt;b&gt;aprobaciones:&lt;/b&gt; %6 de %7 · &lt;b&gt;caduca:&lt;/b&gt; %8&lt;/p&gt;</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Error rate:&lt;/b&gt; %1 %&lt;br&gt;&lt;b&gt;Canary:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Drift open on canary dealers:&lt;/b&gt; %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Tasa de error:&lt;/b&gt; %1 %&lt;br&gt;&lt;b&gt;Canary:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Deriva abierta en concesionarios canary:&lt;/b&gt; %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Open detections&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Detecciones abiertas&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;%1 / %2: std %3 (peak %4), open since %5&lt;/li&gt;</source>
        <translation>&lt;li&gt;%1 / %2: σ %3 (pico %4), abierta desde %5&lt;/li&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Verification&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Verificación&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;not run yet&lt;/p&gt;</source>
        <translation>&lt;p&gt;aún no se ha ejecutado&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt; %3: %4&lt;/li&gt;</source>
        <translation>&lt;li&gt;&lt;span style=&quot;color:%1&quot;&gt;%2&lt;/span&gt; %3: %4&lt;/li&gt;</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>superada</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Agents&apos; votes&lt;/b&gt; (consensus %1 %)&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Votos de los agentes&lt;/b&gt; (consenso %1 %)&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;%1: %2 (%3)&lt;/li&gt;</source>
        <translation>&lt;li&gt;%1: %2 (%3)&lt;/li&gt;</translation>
    </message>
    <message>
        <source>for</source>
        <translation>a favor</translation>
    </message>
    <message>
        <source>against</source>
        <translation>en contra</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Cause chain&lt;/b&gt; (newest first)&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Cadena de causas&lt;/b&gt; (la más reciente primero)&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;no audit records name this rollout&lt;/p&gt;</source>
        <translation>&lt;p&gt;ninguna entrada de auditoría menciona este despliegue&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;the orchestrator keeps no audit trail&lt;/p&gt;</source>
        <translation>&lt;p&gt;el orquestador no lleva registro de auditoría&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;#%1 &lt;b&gt;%2&lt;/b&gt; %3 by %4%5&lt;/li&gt;</source>
        <translation>&lt;li&gt;#%1 &lt;b&gt;%2&lt;/b&gt; %3 por %4%5&lt;/li&gt;</translation>
    </message>
    <message>
        <source> &lt;i&gt;(not yet signed)&lt;/i&gt;</source>
        <translation> &lt;i&gt;(aún sin firmar)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;History&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Historial&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;%1 %2 by %3%4&lt;/li&gt;</source>
        <translation>&lt;li&gt;%1 %2 por %3%4&lt;/li&gt;</translation>
    </message>
    <message>
        <source>promote</source>
        <translation>promover</translation>
    </message>
    <message>
        <source>Approve: %1 rollout #%2</source>
        <translation>Aprobar: %1 el despliegue #%2</translation>
    </message>
    <message>
        <source>Refuse: %1 rollout #%2</source>
        <translation>Rechazar: %1 el despliegue #%2</translation>
    </message>
    <message>
        <source>%1 will %2 rollout #%3 (%4) now.</source>
        <translation>%1 va a %2 ahora el despliegue #%3 (%4).</translation>
    </message>
    <message>
        <source>Rollout #%1 stays as it is and no longer asks; only an analyst moves it from now on.</source>
        <translation>El despliegue #%1 se queda como está y deja de solicitarlo; a partir de ahora solo lo mueve un analista.</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Aprobar</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Rechazar</translation>
    </message>
    <message>
        <source>Not connected to %1: nothing was decided.</source>
        <translation>Sin conexión con %1: no se ha decidido nada.</translation>
    </message>
    <message>
        <source>Sending your decision on rollout #%1…</source>
        <translation>Enviando su decisión sobre el despliegue #%1…</translation>
    </message>
    <message>
        <source>Approved rollout #%1 on %2: now %3.</source>
        <translation>Despliegue #%1 aprobado en %2: ahora %3.</translation>
    </message>
    <message>
        <source>Refused rollout #%1 on %2.</source>
        <translation>Despliegue #%1 rechazado en %2.</translation>
    </message>
    <message>
        <source>The decision on rollout #%1 failed: %2</source>
        <translation>La decisión sobre el despliegue #%1 ha fallado: %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditPage</name>
    <message>
        <source>record %1, %2, key %3</source>
        <translation>entrada %1, %2, clave %3</translation>
    </message>
    <message>
        <source>Audit review</source>
        <translation>Revisión de auditoría</translation>
    </message>
    <message>
        <source>The records could not be read</source>
        <translation>No se pudieron leer las entradas</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1</source>
        <translation>
            <numerusform>%n entrada exportada a %1</numerusform>
            <numerusform>%n entradas exportadas a %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n left out: after the latest signed checkpoint, not provable yet</source>
        <translation>
            <numerusform>; %n omitida: posterior al último punto de control firmado, aún no demostrable</numerusform>
            <numerusform>; %n omitidas: posteriores al último punto de control firmado, aún no demostrables</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>La exportación ha fallado: %1</translation>
    </message>
    <message>
        <source>Verify and browse an audit trail or an evidence bundle offline: no orchestrator is needed, only the files (and the key files for a trail).</source>
        <translation>Verifique y explore sin conexión un registro de auditoría o un paquete de evidencias: no hace falta ningún orquestador, solo los archivos (y, para un registro, los archivos de claves).</translation>
    </message>
    <message>
        <source>Open audit &amp;directory…</source>
        <translation>Abrir &amp;directorio de auditoría…</translation>
    </message>
    <message>
        <source>A data directory (holding audit/) or its audit directory</source>
        <translation>Un directorio de datos (que contiene audit/) o su directorio de auditoría</translation>
    </message>
    <message>
        <source>Open evidence &amp;bundle…</source>
        <translation>Abrir &amp;paquete de evidencias…</translation>
    </message>
    <message>
        <source>Open this console&apos;s trail</source>
        <translation>Abrir el registro de esta consola</translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation>Nada abierto</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Verificar</translation>
    </message>
    <message>
        <source>Against the trusted checkpoint</source>
        <translation>Frente al punto de control de confianza</translation>
    </message>
    <message>
        <source>Also prove that the trail still holds everything up to a checkpoint you kept: catches a cut-off tail and rewritten history</source>
        <translation>Demostrar además que el registro aún contiene todo hasta un punto de control que usted guardó: detecta un final recortado y un historial reescrito</translation>
    </message>
    <message>
        <source>Trusted checkpoint</source>
        <translation>Punto de control de confianza</translation>
    </message>
    <message>
        <source>&amp;Keep the verified checkpoint as trusted</source>
        <translation>Conservar el punto de control verificado como de &amp;confianza</translation>
    </message>
    <message>
        <source>&amp;Save the trusted checkpoint to a file…</source>
        <translation>&amp;Guardar el punto de control de confianza en un archivo…</translation>
    </message>
    <message>
        <source>&amp;Trust a checkpoint from a file…</source>
        <translation>Con&amp;fiar en un punto de control de un archivo…</translation>
    </message>
    <message>
        <source>&amp;Forget the trusted checkpoint</source>
        <translation>&amp;Olvidar el punto de control de confianza</translation>
    </message>
    <message>
        <source>Verification progress</source>
        <translation>Progreso de la verificación</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>Audit records</source>
        <translation>Entradas de auditoría</translation>
    </message>
    <message>
        <source>&amp;Export selection as bundle…</source>
        <translation>&amp;Exportar la selección como paquete…</translation>
    </message>
    <message>
        <source>The selected records with Merkle inclusion proofs against the signed checkpoint: verifiable with the public key alone</source>
        <translation>Las entradas seleccionadas con pruebas de inclusión de Merkle frente al punto de control firmado: verificables solo con la clave pública</translation>
    </message>
    <message>
        <source>No audit trail open</source>
        <translation>Ningún registro de auditoría abierto</translation>
    </message>
    <message>
        <source>Open a data directory&apos;s audit trail (DATA/audit, with its keys) or an evidence bundle exported with “orchestratorctl audit export” or from this page.</source>
        <translation>Abra el registro de auditoría de un directorio de datos (DATA/audit, con sus claves) o un paquete de evidencias exportado con «orchestratorctl audit export» o desde esta página.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation>Desde (UTC)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>To (UTC)</source>
        <translation>Hasta (UTC)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Type filter</source>
        <translation>Filtro de tipo</translation>
    </message>
    <message>
        <source>all, or a prefix: drift.</source>
        <translation>todos, o un prefijo: drift.</translation>
    </message>
    <message>
        <source>Caused by</source>
        <translation>Causado por</translation>
    </message>
    <message>
        <source>Caused by record</source>
        <translation>Causado por la entrada</translation>
    </message>
    <message>
        <source>record</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Borrar filtros</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Selected record</source>
        <translation>Entrada seleccionada</translation>
    </message>
    <message>
        <source>Select a record to see its data and its cause chain.</source>
        <translation>Seleccione una entrada para ver sus datos y su cadena de causas.</translation>
    </message>
    <message>
        <source>Cause chain (double-click to follow)</source>
        <translation>Cadena de causas (doble clic para seguirla)</translation>
    </message>
    <message>
        <source>Cause chain</source>
        <translation>Cadena de causas</translation>
    </message>
    <message>
        <source>Open an audit directory</source>
        <translation>Abrir un directorio de auditoría</translation>
    </message>
    <message>
        <source>Open an evidence bundle</source>
        <translation>Abrir un paquete de evidencias</translation>
    </message>
    <message>
        <source>Evidence bundles (*.json)</source>
        <translation>Paquetes de evidencias (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>The publisher&apos;s signing key (signing-public.pem); Cancel: only check the key the bundle carries</source>
        <translation>Clave de firma del editor (signing-public.pem); Cancelar: comprobar solo la clave que incluye el paquete</translation>
    </message>
    <message>
        <source>Public keys (*.pem)</source>
        <translation>Claves públicas (*.pem)</translation>
    </message>
    <message>
        <source>Audit trail in %1</source>
        <translation>Registro en %1</translation>
    </message>
    <message>
        <source>Evidence bundle %1</source>
        <translation>Paquete de evidencias %1</translation>
    </message>
    <message>
        <source>Evidence bundle %1, checked with %2</source>
        <translation>Paquete de evidencias %1, comprobado con %2</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Verificando…</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Intact.&lt;/b&gt; %n entry(ies) proven included in the signed checkpoint</source>
        <translation>
            <numerusform>&lt;b&gt;Íntegro.&lt;/b&gt; %n entrada con inclusión demostrada en el punto de control firmado</numerusform>
            <numerusform>&lt;b&gt;Íntegro.&lt;/b&gt; %n entradas con inclusión demostrada en el punto de control firmado</numerusform>
        </translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>, signed with the key you chose.</source>
        <translation>, firmado con la clave que usted eligió.</translation>
    </message>
    <message>
        <source>.&lt;br&gt;Checked only against the key the bundle carries (id %1): open it with the publisher&apos;s signing-public.pem to prove who signed it.</source>
        <translation>.&lt;br&gt;Comprobado solo frente a la clave que incluye el paquete (id %1): ábralo con el signing-public.pem del editor para demostrar quién lo firmó.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Intact.&lt;/b&gt; %1 records verified: every tag, link, signature and segment.</source>
        <translation>&lt;b&gt;Íntegro.&lt;/b&gt; %1 entradas verificadas: cada etiqueta, enlace, firma y segmento.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Latest signed checkpoint: %1.</source>
        <translation>&lt;br&gt;Último punto de control firmado: %1.</translation>
    </message>
    <message>
        <source>&lt;br&gt;No signed checkpoint yet: nothing is provable to a third party.</source>
        <translation>&lt;br&gt;Aún no hay ningún punto de control firmado: nada es demostrable ante terceros.</translation>
    </message>
    <message>
        <source>&lt;br&gt;Holds everything up to your trusted checkpoint (%1), unchanged.</source>
        <translation>&lt;br&gt;Contiene todo hasta su punto de control de confianza (%1), sin cambios.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification failed at record %1.&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;La verificación falló en la entrada %1.&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification failed.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;La verificación ha fallado.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Checked against your trusted checkpoint (%1).</source>
        <translation>&lt;br&gt;Comprobado frente a su punto de control de confianza (%1).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not verify.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;No se pudo verificar.&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification cancelled.&lt;/b&gt; Nothing was concluded; verify again to see the verdict.</source>
        <translation>&lt;b&gt;Verificación cancelada.&lt;/b&gt; No se ha llegado a ninguna conclusión; vuelva a verificar para ver el veredicto.</translation>
    </message>
    <message>
        <source>Decoding the records…</source>
        <translation>Decodificando las entradas…</translation>
    </message>
    <message>
        <source>Record %1 failed verification</source>
        <translation>La entrada %1 no superó la verificación</translation>
    </message>
    <message>
        <source>The trail failed verification</source>
        <translation>El registro no superó la verificación</translation>
    </message>
    <message>
        <source>%1

Nothing is shown from a damaged trail: its records cannot be told apart from forgeries.</source>
        <translation>%1

No se muestra nada de un registro dañado: sus entradas no se pueden distinguir de falsificaciones.</translation>
    </message>
    <message>
        <source>The audit trail could not be verified</source>
        <translation>No se pudo verificar el registro de auditoría</translation>
    </message>
    <message>
        <source>Verification cancelled</source>
        <translation>Verificación cancelada</translation>
    </message>
    <message>
        <source>Verify again to see the records.</source>
        <translation>Vuelva a verificar para ver las entradas.</translation>
    </message>
    <message>
        <source>The trail holds no records yet</source>
        <translation>El registro aún no contiene entradas</translation>
    </message>
    <message>
        <source>%1 of %2 MB</source>
        <translation>%1 de %2 MB</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>%1 entradas</translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation>%1 de %2 entradas</translation>
    </message>
    <message numerus="yes">
        <source>%n records selected</source>
        <translation>
            <numerusform>%n entrada seleccionada</numerusform>
            <numerusform>%n entradas seleccionadas</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1  %2  %3</source>
        <translation>#%1  %2  %3</translation>
    </message>
    <message>
        <source>#%1  (not in this trail or bundle)</source>
        <translation>#%1  (no está en este registro ni en el paquete)</translation>
    </message>
    <message>
        <source>nothing: this record starts its chain</source>
        <translation>nada: esta entrada inicia su cadena</translation>
    </message>
    <message>
        <source>Caused</source>
        <translation>Causó</translation>
    </message>
    <message>
        <source>… more</source>
        <translation>… más</translation>
    </message>
    <message>
        <source>nothing (yet)</source>
        <translation>nada (aún)</translation>
    </message>
    <message>
        <source>Open an audit directory first</source>
        <translation>Abra primero un directorio de auditoría</translation>
    </message>
    <message>
        <source>Only the checkpoint of a trail that verified intact can be trusted</source>
        <translation>Solo se puede confiar en el punto de control de un registro verificado como íntegro</translation>
    </message>
    <message>
        <source>The trail holds no signed checkpoint yet</source>
        <translation>El registro aún no contiene ningún punto de control firmado</translation>
    </message>
    <message>
        <source>Kept the checkpoint at record %1 as trusted for %2.</source>
        <translation>Punto de control de la entrada %1 guardado como de confianza para %2.</translation>
    </message>
    <message>
        <source>No trusted checkpoint is kept for this trail</source>
        <translation>No hay ningún punto de control de confianza guardado para este registro</translation>
    </message>
    <message>
        <source>Save the trusted checkpoint</source>
        <translation>Guardar el punto de control de confianza</translation>
    </message>
    <message>
        <source>Trust a checkpoint</source>
        <translation>Confiar en un punto de control</translation>
    </message>
    <message>
        <source>Checkpoints (*.json)</source>
        <translation>Puntos de control (*.json)</translation>
    </message>
    <message>
        <source>Saved the trusted checkpoint to %1</source>
        <translation>Punto de control de confianza guardado en %1</translation>
    </message>
    <message>
        <source>Trusting the checkpoint in %1</source>
        <translation>Se confía en el punto de control de %1</translation>
    </message>
    <message>
        <source>kept: %1</source>
        <translation>guardado: %1</translation>
    </message>
    <message>
        <source>none kept for this trail</source>
        <translation>ninguno guardado para este registro</translation>
    </message>
    <message>
        <source>Export the selection as an evidence bundle</source>
        <translation>Exportar la selección como paquete de evidencias</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n record(s)…</source>
        <translation>
            <numerusform>Exportando %n entrada…</numerusform>
            <numerusform>Exportando %n entradas…</numerusform>
        </translation>
    </message>
    <message>
        <source>Decoding cancelled</source>
        <translation>Decodificación cancelada</translation>
    </message>
    <message>
        <source>Filtering %1 records…</source>
        <translation>Filtrando %1 entradas…</translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditRecordModel</name>
    <message>
        <source>signed</source>
        <translation>firmada</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>sin verificar</translation>
    </message>
    <message>
        <source>Covered by a signed checkpoint</source>
        <translation>Cubierta por un punto de control firmado</translation>
    </message>
    <message>
        <source>After the latest signed checkpoint: chained and authenticated, but not yet provable to a third party</source>
        <translation>Posterior al último punto de control firmado: encadenada y autenticada, pero aún no demostrable ante terceros</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Causa</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Actor</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Punto de control</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
</context>
<context>
    <name>orch::ui::AuditReview</name>
    <message>
        <source>Verification cancelled</source>
        <translation>Verificación cancelada</translation>
    </message>
    <message>
        <source>Nothing is open</source>
        <translation>No hay nada abierto</translation>
    </message>
    <message>
        <source>Only an audit directory is read record by record; a bundle loads when verified</source>
        <translation>Solo un directorio de auditoría se lee entrada por entrada; un paquete se carga al verificarlo</translation>
    </message>
    <message>
        <source>Select the records to export first</source>
        <translation>Seleccione primero las entradas que desea exportar</translation>
    </message>
    <message>
        <source>Decoding the records was cancelled</source>
        <translation>Se canceló la decodificación de las entradas</translation>
    </message>
</context>
<context>
    <name>orch::ui::CommentDialog</name>
    <message>
        <source>&amp;Comment (required; recorded in the audit trail with your identity):</source>
        <translation>&amp;Comentario (obligatorio; queda anotado con su identidad en el registro de auditoría):</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentario</translation>
    </message>
    <message>
        <source>Why: what you checked, what you expect</source>
        <translation>Por qué: qué ha comprobado y qué espera</translation>
    </message>
    <message>
        <source>%1 characters: at most %2</source>
        <translation>%1 caracteres: como máximo %2</translation>
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
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Bayesian reweighting of the AIV/ATI coefficients.</source>
        <translation>Reponderación bayesiana de los coeficientes AIV/ATI.</translation>
    </message>
    <message>
        <source>Watches the standardized metric features of every dealer for drift.</source>
        <translation>Vigila la deriva de las características estandarizadas de las métricas de cada concesionario.</translation>
    </message>
    <message>
        <source>Learns which fix to apply where, and coordinates the other components.</source>
        <translation>Aprende qué corrección aplicar y dónde, y coordina los demás componentes.</translation>
    </message>
    <message>
        <source>Agents that vote on fixes, verify them and roll them out.</source>
        <translation>Agentes que votan las correcciones, las verifican y las despliegan.</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Programación</translation>
    </message>
    <message>
        <source>daily at %1Z</source>
        <translation>diariamente a las %1Z</translation>
    </message>
    <message>
        <source>Confidence floor</source>
        <translation>Confianza mínima</translation>
    </message>
    <message>
        <source>%1 (weights are published only above it)</source>
        <translation>%1 (los pesos solo se publican por encima)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>On drift</source>
        <translation>Ante una deriva</translation>
    </message>
    <message numerus="yes">
        <source>every %n minute(s)</source>
        <translation>
            <numerusform>cada minuto</numerusform>
            <numerusform>cada %n minutos</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>%1 samples, against a baseline of %2</source>
        <translation>%1 muestras, frente a una línea base de %2</translation>
    </message>
    <message>
        <source>Alert channels</source>
        <translation>Canales de alerta</translation>
    </message>
    <message>
        <source>On alert</source>
        <translation>Ante una alerta</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Recompensa</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Tasa de aprendizaje</translation>
    </message>
    <message>
        <source>Confidence gate</source>
        <translation>Umbral de confianza</translation>
    </message>
    <message>
        <source>State store</source>
        <translation>Almacén de estado</translation>
    </message>
    <message>
        <source>verification fails</source>
        <translation>falla la verificación</translation>
    </message>
    <message>
        <source>drift is detected</source>
        <translation>se detecta una deriva</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>Agentes</translation>
    </message>
    <message>
        <source>Consensus</source>
        <translation>Consenso</translation>
    </message>
    <message>
        <source>at least %1 of the votes</source>
        <translation>al menos %1 de los votos</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Verificación</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>Rolls back when</source>
        <translation>Revierte cuando</translation>
    </message>
    <message>
        <source>never automatically</source>
        <translation>nunca automáticamente</translation>
    </message>
    <message>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <source>Select a component to see how it is configured.</source>
        <translation>Seleccione un componente para ver su configuración.</translation>
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
        <translation>nunca</translation>
    </message>
    <message>
        <source>on demand</source>
        <translation>a demanda</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>API name: %1</source>
        <translation>Nombre en la API: %1</translation>
    </message>
    <message>
        <source>Has not run yet</source>
        <translation>Aún no se ha ejecutado</translation>
    </message>
    <message>
        <source>Runs when triggered, not on a schedule</source>
        <translation>Se ejecuta cuando se activa, no según una programación</translation>
    </message>
    <message>
        <source>Posterior confidence %1</source>
        <translation>Confianza a posteriori %1</translation>
    </message>
    <message>
        <source>This component reports no confidence</source>
        <translation>Este componente no informa de ninguna confianza</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Última ejecución</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Próxima ejecución</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionConfig</name>
    <message>
        <source>id: required</source>
        <translation>id: obligatorio</translation>
    </message>
    <message>
        <source>name: required</source>
        <translation>name: obligatorio</translation>
    </message>
    <message>
        <source>publicKeyPins: each pin must be the SHA-256 of the server&apos;s public key (SubjectPublicKeyInfo) as base64, 44 characters like HPKP pin-sha256, or as 64 hex digits (colons allowed), got %1</source>
        <translation>publicKeyPins: cada pin debe ser el SHA-256 de la clave pública del servidor (SubjectPublicKeyInfo) en base64, 44 caracteres como el pin-sha256 de HPKP, o en 64 dígitos hexadecimales (se admiten dos puntos); se recibió %1</translation>
    </message>
    <message>
        <source>publicKeyPins: public-key pins apply to https only</source>
        <translation>publicKeyPins: los pines de clave pública solo se aplican a https</translation>
    </message>
    <message>
        <source>dealers: must be between 1 and 100000, got %1</source>
        <translation>dealers: debe estar entre 1 y 100000; se recibió %1</translation>
    </message>
    <message>
        <source>Embedded · %1</source>
        <translation>Integrado · %1</translation>
    </message>
    <message>
        <source>Embedded · simulated fleet (%1 dealers)</source>
        <translation>Integrado · flota simulada (%1 concesionarios)</translation>
    </message>
    <message>
        <source>kind: must be embedded or remote, got %1</source>
        <translation>kind: debe ser embedded o remote; se recibió %1</translation>
    </message>
    <message>
        <source>url: required (http://host:port or https://host:port)</source>
        <translation>url: obligatoria (http://host:port o https://host:port)</translation>
    </message>
    <message>
        <source>url: not a valid address: %1</source>
        <translation>url: no es una dirección válida: %1</translation>
    </message>
    <message>
        <source>url: the scheme must be http or https (https://host:port)</source>
        <translation>url: el esquema debe ser http o https (https://host:port)</translation>
    </message>
    <message>
        <source>url: the scheme must be http or https, got %1</source>
        <translation>url: el esquema debe ser http o https; se recibió %1</translation>
    </message>
    <message>
        <source>url: the host is missing</source>
        <translation>url: falta el host</translation>
    </message>
    <message>
        <source>url: no user name or password in the address; the token goes in the token field</source>
        <translation>url: la dirección no debe llevar usuario ni contraseña; el token va en el campo del token</translation>
    </message>
    <message>
        <source>url: no query or fragment (?…, #…)</source>
        <translation>url: sin consulta ni fragmento (?…, #…)</translation>
    </message>
    <message>
        <source>url: port must be between 1 and 65535, got 0</source>
        <translation>url: el puerto debe estar entre 1 y 65535; se recibió 0</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionEditor</name>
    <message>
        <source>Add a connection</source>
        <translation>Añadir una conexión</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Editar %1</translation>
    </message>
    <message>
        <source>Production EU</source>
        <translation>Producción UE</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>&amp;Remote orchestratord</source>
        <translation>orchestratord &amp;remoto</translation>
    </message>
    <message>
        <source>&amp;Embedded</source>
        <translation>&amp;Integrado</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Tipo:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>the system&apos;s certificate authorities</source>
        <translation>las autoridades de certificación del sistema</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>A CA certificate (PEM) to trust for this server</source>
        <translation>Un certificado de CA (PEM) de confianza para este servidor</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>Certificado de &amp;CA:</translation>
    </message>
    <message>
        <source>pin-sha256 of the server&apos;s key, then a backup key&apos;s (optional)</source>
        <translation>pin-sha256 de la clave del servidor y luego el de una clave de reserva (opcional)</translation>
    </message>
    <message>
        <source>Public-key pins, separated by commas: the SHA-256 of the server key&apos;s SubjectPublicKeyInfo in base64 (or hex), e.g. openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64. Give the current key&apos;s and a backup key&apos;s. The certificate must still be trusted (a system CA or the CA certificate above); a server whose key is none of these is refused.</source>
        <translation>Pines de clave pública separados por comas: el SHA-256 de la SubjectPublicKeyInfo de la clave del servidor en base64 (o hexadecimal), p. ej. openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64. Indique el de la clave actual y el de una clave de reserva. El certificado debe seguir siendo de confianza (una CA del sistema o el certificado de CA de arriba); se rechaza todo servidor cuya clave no sea ninguna de estas.</translation>
    </message>
    <message>
        <source>Public-key &amp;pins:</source>
        <translation>&amp;Pines de clave pública:</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Token de portador</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>Stored in the system keychain, never in the settings.</source>
        <translation>Se guarda en el llavero del sistema, nunca en la configuración.</translation>
    </message>
    <message>
        <source>empty: a fresh simulated fleet</source>
        <translation>vacío: una flota simulada nueva</translation>
    </message>
    <message>
        <source>The orchestrator&apos;s data directory</source>
        <translation>El directorio de datos del orquestador</translation>
    </message>
    <message>
        <source>&amp;Data directory:</source>
        <translation>&amp;Directorio de datos:</translation>
    </message>
    <message>
        <source>Simulated &amp;dealers:</source>
        <translation>C&amp;oncesionarios simulados:</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>&amp;Semilla:</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>sin cambios</translation>
    </message>
    <message>
        <source>name: required</source>
        <translation>name: obligatorio</translation>
    </message>
    <message>
        <source>CA certificate: %1 does not exist</source>
        <translation>Certificado de CA: %1 no existe</translation>
    </message>
    <message>
        <source>data directory: %1 is not a directory</source>
        <translation>directorio de datos: %1 no es un directorio</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionManager</name>
    <message>
        <source>this console was built without the remote client (core/net): remote orchestrators cannot be reached</source>
        <translation>esta consola se compiló sin el cliente remoto (core/net): no se puede acceder a orquestadores remotos</translation>
    </message>
    <message>
        <source>id: a connection %1 exists already</source>
        <translation>id: ya existe una conexión %1</translation>
    </message>
    <message>
        <source>id: no saved connection %1</source>
        <translation>id: no hay ninguna conexión guardada %1</translation>
    </message>
    <message>
        <source>no client for this connection</source>
        <translation>no hay cliente para esta conexión</translation>
    </message>
    <message>
        <source>the token is kept for this session only: %1</source>
        <translation>el token solo se conserva durante esta sesión: %1</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionTokens</name>
    <message>
        <source>the system keychain is not available</source>
        <translation>el llavero del sistema no está disponible</translation>
    </message>
</context>
<context>
    <name>orch::ui::ConnectionsPage</name>
    <message>
        <source>Connections</source>
        <translation>Conexiones</translation>
    </message>
    <message>
        <source>Every orchestrator this console watches: the embedded one and any number of remote orchestratord&apos;s, with their phase and what waits on you.</source>
        <translation>Todos los orquestadores que supervisa esta consola: el integrado y cualquier número de orchestratord remotos, con su fase y lo que espera su decisión.</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Añadir…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Editar…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>The token of %1 is kept for this session only (%2); you will be asked for it again next time.</source>
        <translation>El token de %1 solo se conserva durante esta sesión (%2); la próxima vez se le volverá a pedir.</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>Se ha añadido %1.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Se ha guardado %1.</translation>
    </message>
    <message>
        <source>Removed %1 (and its token).</source>
        <translation>Se ha quitado %1 (y su token).</translation>
    </message>
    <message>
        <source>No system keychain (%1): tokens are kept for this session only and are never written to disk.</source>
        <translation>No hay llavero del sistema (%1): los tokens solo se conservan durante esta sesión y nunca se escriben en el disco.</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>A&amp;brir</translation>
    </message>
    <message>
        <source>Show this orchestrator on the Status, Drift, Reward simulator, Governance and Specification pages</source>
        <translation>Mostrar este orquestador en las páginas Estado, Deriva, Simulador de recompensas, Gobernanza y Especificación</translation>
    </message>
</context>
<context>
    <name>orch::ui::DriftPage</name>
    <message>
        <source>Scope</source>
        <translation>Ámbito</translation>
    </message>
    <message>
        <source>One dealer</source>
        <translation>Un concesionario</translation>
    </message>
    <message>
        <source>Fleet-wide</source>
        <translation>Toda la flota</translation>
    </message>
    <message>
        <source>Dealer</source>
        <translation>Concesionario</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Característica</translation>
    </message>
    <message>
        <source>Plotted quantity</source>
        <translation>Magnitud representada</translation>
    </message>
    <message>
        <source>Standardized std</source>
        <translation>σ estandarizada</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Valores</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>Intervalo de tiempo</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Últimas 24 h</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Personalizado…</translation>
    </message>
    <message>
        <source>From (UTC)</source>
        <translation>Desde (UTC)</translation>
    </message>
    <message>
        <source>To (UTC)</source>
        <translation>Hasta (UTC)</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Restablecer zoom</translation>
    </message>
    <message>
        <source>Show the whole range (Home, or double-click the chart)</source>
        <translation>Mostrar todo el intervalo (Inicio o doble clic en el gráfico)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation>Exportar el gráfico</translation>
    </message>
    <message>
        <source>Chart as PNG…</source>
        <translation>Gráfico como PNG…</translation>
    </message>
    <message>
        <source>Export the chart as PNG</source>
        <translation>Exportar el gráfico como PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>Chart as SVG…</source>
        <translation>Gráfico como SVG…</translation>
    </message>
    <message>
        <source>Export the chart as SVG</source>
        <translation>Exportar el gráfico como SVG</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>Imágenes SVG (*.svg)</translation>
    </message>
    <message>
        <source>Data as CSV…</source>
        <translation>Datos como CSV…</translation>
    </message>
    <message>
        <source>Export the chart&apos;s data as CSV</source>
        <translation>Exportar los datos del gráfico como CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>&amp;Dealer</source>
        <translation>&amp;Concesionario</translation>
    </message>
    <message>
        <source>&amp;Feature</source>
        <translation>Caracte&amp;rística</translation>
    </message>
    <message>
        <source>&amp;Range</source>
        <translation>&amp;Intervalo</translation>
    </message>
    <message>
        <source>Drift chart</source>
        <translation>Gráfico de deriva</translation>
    </message>
    <message>
        <source>Loading the drift series…</source>
        <translation>Cargando las series de deriva…</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Esperando al orquestador…</translation>
    </message>
    <message>
        <source>The drift series appear once the orchestrator is running.</source>
        <translation>Las series de deriva aparecen en cuanto el orquestador está en marcha.</translation>
    </message>
    <message>
        <source>The orchestrator is not reachable</source>
        <translation>El orquestador no está accesible</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>La conexión ha fallado.</translation>
    </message>
    <message>
        <source>Fleet mean</source>
        <translation>Media de la flota</translation>
    </message>
    <message>
        <source>Highest dealer</source>
        <translation>Concesionario más alto</translation>
    </message>
    <message>
        <source>The drift series could not be loaded</source>
        <translation>No se pudieron cargar las series de deriva</translation>
    </message>
    <message>
        <source>No series yet</source>
        <translation>Aún no hay series</translation>
    </message>
    <message>
        <source>The orchestrator has not received any samples. Series appear as samples arrive.</source>
        <translation>El orquestador no ha recibido ninguna muestra. Las series aparecen a medida que llegan muestras.</translation>
    </message>
    <message>
        <source>Nothing to show in this range</source>
        <translation>No hay nada que mostrar en este intervalo</translation>
    </message>
    <message>
        <source>The standardized std starts once a series&apos; baseline (%1 samples) and first window (%2 samples) are complete. Choose a longer range or plot the values.</source>
        <translation>La σ estandarizada empieza cuando la línea base de una serie (%1 muestras) y su primera ventana (%2 muestras) están completas. Elija un intervalo más largo o represente los valores.</translation>
    </message>
    <message>
        <source>No samples in the selected range.</source>
        <translation>No hay muestras en el intervalo seleccionado.</translation>
    </message>
    <message>
        <source>%1, fleet-wide</source>
        <translation>%1, toda la flota</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Standardized std: %1</source>
        <translation>σ estandarizada: %1</translation>
    </message>
    <message>
        <source>std of the last window&apos;s z-scores</source>
        <translation>σ de las puntuaciones z de la última ventana</translation>
    </message>
    <message>
        <source>Values: %1</source>
        <translation>Valores: %1</translation>
    </message>
    <message>
        <source>value</source>
        <translation>valor</translation>
    </message>
    <message>
        <source>Within the threshold: |std − 1| ≤ %1</source>
        <translation>Dentro del umbral: |σ − 1| ≤ %1</translation>
    </message>
    <message>
        <source>Drift detected</source>
        <translation>Deriva detectada</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) in range</source>
        <translation>
            <numerusform>%n muestra en el intervalo</numerusform>
            <numerusform>%n muestras en el intervalo</numerusform>
        </translation>
    </message>
    <message>
        <source>no drift episodes</source>
        <translation>sin episodios de deriva</translation>
    </message>
    <message numerus="yes">
        <source>%n drift episode(s)</source>
        <translation>
            <numerusform>%n episodio de deriva</numerusform>
            <numerusform>%n episodios de deriva</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n open)</source>
        <translation>
            <numerusform> (%n abierto)</numerusform>
            <numerusform> (%n abiertos)</numerusform>
        </translation>
    </message>
    <message>
        <source>band: 1 ± %1</source>
        <translation>banda: 1 ± %1</translation>
    </message>
    <message>
        <source>too many samples since the series began to recompute its std here: values shown</source>
        <translation>demasiadas muestras desde el inicio de la serie para recalcular aquí su σ: se muestran los valores</translation>
    </message>
    <message>
        <source>downsampled by the orchestrator (min/max per bucket)</source>
        <translation>submuestreado por el orquestador (mín./máx. por intervalo)</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>a fecha de %1</translation>
    </message>
    <message>
        <source>There is no chart to export.</source>
        <translation>No hay ningún gráfico que exportar.</translation>
    </message>
</context>
<context>
    <name>orch::ui::EngineStatusBar</name>
    <message>
        <source>Connection indicator</source>
        <translation>Indicador de conexión</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Warm-up progress</source>
        <translation>Progreso del calentamiento</translation>
    </message>
    <message>
        <source>Orchestrator clock</source>
        <translation>Reloj del orquestador</translation>
    </message>
    <message>
        <source>The orchestrator&apos;s clock, in UTC. The embedded orchestrator runs on simulated time.</source>
        <translation>El reloj del orquestador, en UTC. El orquestador integrado funciona con tiempo simulado.</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Conectando</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Conexión fallida</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Clock: —</source>
        <translation>Reloj: —</translation>
    </message>
    <message>
        <source>Clock: %1 (paused)</source>
        <translation>Reloj: %1 (en pausa)</translation>
    </message>
    <message>
        <source>Clock: %1</source>
        <translation>Reloj: %1</translation>
    </message>
    <message numerus="yes">
        <source>Simulating the first %n day(s)…</source>
        <translation>
            <numerusform>Simulando el primer día…</numerusform>
            <numerusform>Simulando los primeros %n días…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Clock: %1 (last known, not live)</source>
        <translation>Reloj: %1 (último conocido, no en vivo)</translation>
    </message>
</context>
<context>
    <name>orch::ui::FleetModel</name>
    <message>
        <source>not connected</source>
        <translation>sin conexión</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>conectando…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>inaccesible</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>no disponible</translation>
    </message>
    <message>
        <source>waiting for status</source>
        <translation>esperando el estado</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orquestador</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Waiting on you</source>
        <translation>Pendientes</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>Su rol</translation>
    </message>
    <message>
        <source>Status as of (UTC)</source>
        <translation>Estado a fecha de (UTC)</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 y %2</translation>
    </message>
    <message>
        <source>the replicas disagree on the number of shards (%1)</source>
        <translation>las réplicas no coinciden en el número de shards (%1)</translation>
    </message>
    <message>
        <source>%1 are all configured as replica %2</source>
        <translation>%1 están todas configuradas como réplica %2</translation>
    </message>
    <message>
        <source>shard %1 is held twice: by %2</source>
        <translation>el shard %1 está asignado dos veces: a %2</translation>
    </message>
    <message>
        <source>shard %1 is taken over by %2</source>
        <translation>%2 se hace cargo del shard %1</translation>
    </message>
    <message>
        <source>shard %1 is missing: no connected replica holds it</source>
        <translation>falta el shard %1: ninguna réplica conectada lo tiene</translation>
    </message>
    <message>
        <source>shards %1 are missing: no connected replica holds them</source>
        <translation>faltan los shards %1: ninguna réplica conectada los tiene</translation>
    </message>
    <message>
        <source>shards %1/%2 healthy</source>
        <translation>shards %1/%2 en buen estado</translation>
    </message>
    <message>
        <source>shards %1/%2 held · %3</source>
        <translation>shards %1/%2 asignados · %3</translation>
    </message>
    <message>
        <source>no replica connected</source>
        <translation>ninguna réplica conectada</translation>
    </message>
    <message>
        <source>shard %1 · not connected</source>
        <translation>shard %1 · sin conexión</translation>
    </message>
    <message>
        <source>shard %1 · holds none</source>
        <translation>shard %1 · no tiene ninguno</translation>
    </message>
    <message numerus="yes">
        <source>shard %1 · holds %2 · %n dealer(s)</source>
        <translation>
            <numerusform>shard %1 · tiene %2 · %n concesionario</numerusform>
            <numerusform>shard %1 · tiene %2 · %n concesionarios</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (sharded)</source>
        <translation>%1 (con shards)</translation>
    </message>
    <message numerus="yes">
        <source>%n replica connection(s)</source>
        <translation>
            <numerusform>%n conexión de réplica</numerusform>
            <numerusform>%n conexiones de réplica</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 connected</source>
        <translation>%1 de %2 conectadas</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>mixto</translation>
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
        <translation>Flota</translation>
    </message>
    <message>
        <source>Waiting on you: unknown</source>
        <translation>Espera su decisión: desconocido</translation>
    </message>
    <message>
        <source>Nothing waits on you</source>
        <translation>Nada espera su decisión</translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n approval(s) wait on you&lt;/b&gt;&lt;/span&gt;</source>
        <translation>
            <numerusform>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n aprobación espera su decisión&lt;/b&gt;&lt;/span&gt;</numerusform>
            <numerusform>&lt;span style=&quot;color:%1&quot;&gt;&lt;b&gt;%n aprobaciones esperan su decisión&lt;/b&gt;&lt;/span&gt;</numerusform>
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
        <translation>Tope alcanzado</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n time(s)</source>
        <translation>
            <numerusform>Rechazado una vez</numerusform>
            <numerusform>Rechazado %n veces</numerusform>
        </translation>
    </message>
    <message>
        <source>Near the cap</source>
        <translation>Cerca del tope</translation>
    </message>
    <message>
        <source>Within budget</source>
        <translation>Dentro del presupuesto</translation>
    </message>
    <message>
        <source>Last refusal: %1</source>
        <translation>Último rechazo: %1</translation>
    </message>
    <message>
        <source>%1 of the %2 monthly cap</source>
        <translation>%1 del tope mensual de %2</translation>
    </message>
    <message>
        <source>Dealer</source>
        <translation>Concesionario</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Gastado</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Restante</translation>
    </message>
    <message>
        <source>Of the cap</source>
        <translation>Del tope</translation>
    </message>
    <message>
        <source>Charged fixes</source>
        <translation>Correcciones cobradas</translation>
    </message>
    <message>
        <source>Refusals</source>
        <translation>Rechazos</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Presupuesto</translation>
    </message>
    <message>
        <source>No reward measured</source>
        <translation>Ninguna recompensa medida</translation>
    </message>
    <message>
        <source>✔ Meets (%1)</source>
        <translation>✔ Cumple (%1)</translation>
    </message>
    <message>
        <source>✘ Below (%1)</source>
        <translation>✘ Por debajo (%1)</translation>
    </message>
    <message>
        <source>%1 (%2 pending)</source>
        <translation>%1 (%2 pendientes)</translation>
    </message>
    <message>
        <source>Decision %1 (%2) of %3, reward %4 measured %5: %6 the %7× reward threshold</source>
        <translation>Decisión %1 (%2) del %3, recompensa %4 medida el %5: %6 el umbral de recompensa de %7×</translation>
    </message>
    <message>
        <source>meets</source>
        <translation>cumple</translation>
    </message>
    <message>
        <source>below</source>
        <translation>no alcanza</translation>
    </message>
    <message numerus="yes">
        <source>Of %n rewarded decision(s) this month; the threshold: a positive reward and ΔVisibility·ΔRevenue ≥ %1 × the API cost</source>
        <translation>
            <numerusform>De %n decisión recompensada este mes; el umbral: una recompensa positiva y ΔVisibilidad·ΔIngresos ≥ %1 × el coste de API</numerusform>
            <numerusform>De %n decisiones recompensadas este mes; el umbral: una recompensa positiva y ΔVisibilidad·ΔIngresos ≥ %1 × el coste de API</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) wait for their reward to be measured</source>
        <translation>
            <numerusform>%n decisión espera a que se mida su recompensa</numerusform>
            <numerusform>%n decisiones esperan a que se mida su recompensa</numerusform>
        </translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Decisiones</translation>
    </message>
    <message>
        <source>Meet threshold</source>
        <translation>Cumplen el umbral</translation>
    </message>
    <message>
        <source>Below threshold</source>
        <translation>Bajo el umbral</translation>
    </message>
    <message>
        <source>Mean reward</source>
        <translation>Recompensa media</translation>
    </message>
    <message>
        <source>Last verdict</source>
        <translation>Último veredicto</translation>
    </message>
</context>
<context>
    <name>orch::ui::GovernancePage</name>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Filter dealers</source>
        <translation>Filtrar concesionarios</translation>
    </message>
    <message>
        <source>Filter by dealer or budget…</source>
        <translation>Filtrar por concesionario o presupuesto…</translation>
    </message>
    <message>
        <source>Spend per dealer</source>
        <translation>Gasto por concesionario</translation>
    </message>
    <message>
        <source>API spend per dealer, by month</source>
        <translation>Gasto de API por concesionario, por mes</translation>
    </message>
    <message>
        <source>Spend over time chart</source>
        <translation>Gráfico del gasto a lo largo del tiempo</translation>
    </message>
    <message>
        <source>&amp;Month</source>
        <translation>&amp;Mes</translation>
    </message>
    <message>
        <source>%1 (this month)</source>
        <translation>%1 (este mes)</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Esperando al orquestador…</translation>
    </message>
    <message>
        <source>The governance ledger appears once the orchestrator is running.</source>
        <translation>El libro de gobernanza aparece en cuanto el orquestador está en marcha.</translation>
    </message>
    <message>
        <source>The orchestrator is not reachable</source>
        <translation>El orquestador no está accesible</translation>
    </message>
    <message>
        <source>The connection failed.</source>
        <translation>La conexión ha fallado.</translation>
    </message>
    <message>
        <source>The governance ledger could not be loaded</source>
        <translation>No se pudo cargar el libro de gobernanza</translation>
    </message>
    <message>
        <source>The rollouts could not be loaded</source>
        <translation>No se pudieron cargar los despliegues</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 spent by %n dealer(s) against a cap of %3 each · %4 at the cap · %5 refusal(s) · smallest remaining budget %6 · reward threshold %7×</source>
        <translation>
            <numerusform>%1: %2 gastados por %n concesionario con un tope de %3 cada uno · %4 en el tope · %5 rechazo(s) · menor presupuesto restante %6 · umbral de recompensa %7×</numerusform>
            <numerusform>%1: %2 gastados por %n concesionarios con un tope de %3 cada uno · %4 en el tope · %5 rechazo(s) · menor presupuesto restante %6 · umbral de recompensa %7×</numerusform>
        </translation>
    </message>
    <message>
        <source>chart unavailable: %1</source>
        <translation>gráfico no disponible: %1</translation>
    </message>
    <message>
        <source>No spend in %1</source>
        <translation>Sin gasto en %1</translation>
    </message>
    <message>
        <source>No dealer was charged for a fix this month.</source>
        <translation>Este mes no se ha cobrado ninguna corrección a ningún concesionario.</translation>
    </message>
    <message>
        <source>Mean per dealer</source>
        <translation>Media por concesionario</translation>
    </message>
    <message>
        <source>Highest dealer</source>
        <translation>Concesionario más alto</translation>
    </message>
    <message>
        <source>Monthly cap %1</source>
        <translation>Tope mensual %1</translation>
    </message>
    <message>
        <source>US dollars</source>
        <translation>Dólares estadounidenses</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>Filter by reward-threshold verdict</source>
        <translation>Filtrar por el veredicto del umbral de recompensa</translation>
    </message>
    <message>
        <source>All dealers</source>
        <translation>Todos los concesionarios</translation>
    </message>
    <message>
        <source>Last verdict below the threshold</source>
        <translation>Último veredicto por debajo del umbral</translation>
    </message>
    <message>
        <source>Any decision below the threshold</source>
        <translation>Alguna decisión por debajo del umbral</translation>
    </message>
    <message>
        <source>Last verdict meets the threshold</source>
        <translation>Último veredicto cumple el umbral</translation>
    </message>
    <message>
        <source>No reward measured</source>
        <translation>Ninguna recompensa medida</translation>
    </message>
    <message>
        <source>Spend by day chart</source>
        <translation>Gráfico del gasto por día</translation>
    </message>
    <message>
        <source>This month, by day</source>
        <translation>Este mes, por día</translation>
    </message>
    <message>
        <source>Six months</source>
        <translation>Seis meses</translation>
    </message>
    <message>
        <source>the outcomes are of %1, not %2</source>
        <translation>los resultados son de %1, no de %2</translation>
    </message>
    <message numerus="yes">
        <source>%n rewarded decision(s): %1 meet the threshold, %2 below it; %3 dealer(s) last below</source>
        <translation>
            <numerusform>%n decisión recompensada: %1 cumplen el umbral, %2 por debajo; %3 concesionario(s) por debajo en la última</numerusform>
            <numerusform>%n decisiones recompensadas: %1 cumplen el umbral, %2 por debajo; %3 concesionario(s) por debajo en la última</numerusform>
        </translation>
    </message>
    <message>
        <source>reward verdicts unavailable: %1</source>
        <translation>veredictos de recompensa no disponibles: %1</translation>
    </message>
    <message>
        <source>API spend by day: not available from this orchestrator</source>
        <translation>Gasto de API por día: no disponible en este orquestador</translation>
    </message>
    <message>
        <source>Fleet spend per day</source>
        <translation>Gasto de la flota por día</translation>
    </message>
    <message>
        <source>%1: spend so far</source>
        <translation>%1: gasto acumulado</translation>
    </message>
    <message>
        <source>Day of %1 (UTC)</source>
        <translation>Día de %1 (UTC)</translation>
    </message>
    <message>
        <source>API spend by day, %1: the fleet, and %2 against the cap</source>
        <translation>Gasto de API por día, %1: la flota y %2 frente al tope</translation>
    </message>
    <message>
        <source>API spend by day, %1</source>
        <translation>Gasto de API por día, %1</translation>
    </message>
</context>
<context>
    <name>orch::ui::MainWindow</name>
    <message>
        <source>Pages</source>
        <translation>Páginas</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Deriva</translation>
    </message>
    <message>
        <source>Reward simulator</source>
        <translation>Simulador de recompensas</translation>
    </message>
    <message>
        <source>Governance</source>
        <translation>Gobernanza</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>Especificación</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Aprobaciones</translation>
    </message>
    <message>
        <source>Audit review</source>
        <translation>Revisión de auditoría</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Conexiones</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Export chart…</source>
        <translation>&amp;Exportar gráfico…</translation>
    </message>
    <message>
        <source>Save the current page&apos;s chart as a PNG or SVG image</source>
        <translation>Guardar el gráfico de la página actual como imagen PNG o SVG</translation>
    </message>
    <message>
        <source>Export chart &amp;data as CSV…</source>
        <translation>Exportar los &amp;datos del gráfico como CSV…</translation>
    </message>
    <message>
        <source>Save the data of the current page&apos;s chart as CSV</source>
        <translation>Guardar los datos del gráfico de la página actual como CSV</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>&amp;Pantalla completa</translation>
    </message>
    <message>
        <source>&amp;Pause simulation</source>
        <translation>Pa&amp;usar la simulación</translation>
    </message>
    <message>
        <source>Stop or resume the simulated clock</source>
        <translation>Detener o reanudar el reloj simulado</translation>
    </message>
    <message>
        <source>Only an embedded orchestrator runs a simulation</source>
        <translation>Solo un orquestador integrado ejecuta una simulación</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Autonomic Orchestrator</source>
        <translation>&amp;Acerca de Autonomic Orchestrator</translation>
    </message>
    <message>
        <source>Show the %1 page</source>
        <translation>Mostrar la página «%1»</translation>
    </message>
    <message>
        <source>This page has no chart data to export yet.</source>
        <translation>Esta página aún no tiene datos de gráfico que exportar.</translation>
    </message>
    <message>
        <source>Export the chart&apos;s data</source>
        <translation>Exportar los datos del gráfico</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation>Exportar el gráfico</translation>
    </message>
    <message>
        <source>PNG images (*.png);;SVG images (*.svg)</source>
        <translation>Imágenes PNG (*.png);;Imágenes SVG (*.svg)</translation>
    </message>
    <message>
        <source>About Autonomic Orchestrator</source>
        <translation>Acerca de Autonomic Orchestrator</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Autonomic Orchestrator %1&lt;/h3&gt;&lt;p&gt;Drift detection, adaptive learning and canary rollout for the AI-visibility metrics (AIV, ATI, CRS) of a fleet of dealerships.&lt;/p&gt;&lt;p&gt;Connected to: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Autonomic Orchestrator %1&lt;/h3&gt;&lt;p&gt;Detección de deriva, aprendizaje adaptativo y despliegue canary para las métricas de visibilidad en IA (AIV, ATI, CRS) de una flota de concesionarios.&lt;/p&gt;&lt;p&gt;Conectado a: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;System language (%1)</source>
        <translation>Idioma del &amp;sistema (%1)</translation>
    </message>
</context>
<context>
    <name>orch::ui::PhaseBadge</name>
    <message>
        <source>Orchestrator phase</source>
        <translation>Fase del orquestador</translation>
    </message>
    <message>
        <source>No status has arrived from the orchestrator yet</source>
        <translation>Aún no ha llegado ningún estado del orquestador</translation>
    </message>
    <message>
        <source>Orchestrator phase: %1</source>
        <translation>Fase del orquestador: %1</translation>
    </message>
    <message>
        <source>no status</source>
        <translation>sin estado</translation>
    </message>
</context>
<context>
    <name>orch::ui::RewardPage</name>
    <message>
        <source>ΔVisibility</source>
        <translation>ΔVisibilidad</translation>
    </message>
    <message>
        <source>ΔRevenue ($)</source>
        <translation>ΔIngresos ($)</translation>
    </message>
    <message>
        <source>API cost ($)</source>
        <translation>Coste de API ($)</translation>
    </message>
    <message>
        <source>Minimum reward threshold (×)</source>
        <translation>Umbral mínimo de recompensa (×)</translation>
    </message>
    <message>
        <source>%1 [%2, %3]</source>
        <translation>%1 [%2, %3]</translation>
    </message>
    <message>
        <source>Replays the RLController&apos;s decision log under the settings above (off-policy evaluation, IPS and self-normalized IPS).</source>
        <translation>Reproduce el registro de decisiones del RLController con los ajustes anteriores (evaluación off-policy, IPS e IPS autonormalizado).</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Entradas</translation>
    </message>
    <message>
        <source>Delta visibility</source>
        <translation>Delta de visibilidad</translation>
    </message>
    <message>
        <source>Delta revenue in dollars</source>
        <translation>Delta de ingresos en dólares</translation>
    </message>
    <message>
        <source>API cost in dollars</source>
        <translation>Coste de API en dólares</translation>
    </message>
    <message>
        <source>Minimum reward threshold</source>
        <translation>Umbral mínimo de recompensa</translation>
    </message>
    <message>
        <source>Benefit (ΔVisibility × ΔRevenue) needed per dollar of API cost; the running spec&apos;s governance.minRewardThreshold once connected</source>
        <translation>Beneficio (ΔVisibilidad × ΔIngresos) necesario por dólar de coste de API; una vez conectado, el governance.minRewardThreshold de la especificación en uso</translation>
    </message>
    <message>
        <source>Delta visibility slider</source>
        <translation>Control deslizante del delta de visibilidad</translation>
    </message>
    <message>
        <source>Delta revenue slider</source>
        <translation>Control deslizante del delta de ingresos</translation>
    </message>
    <message>
        <source>API cost slider</source>
        <translation>Control deslizante del coste de API</translation>
    </message>
    <message>
        <source>ΔRevenue</source>
        <translation>ΔIngresos</translation>
    </message>
    <message>
        <source>API cost</source>
        <translation>Coste de API</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Umbral</translation>
    </message>
    <message>
        <source>Reward = ΔVisibility × ΔRevenue − API cost</source>
        <translation>Recompensa = ΔVisibilidad × ΔIngresos − coste de API</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>Sensibilidad</translation>
    </message>
    <message>
        <source>Input to vary</source>
        <translation>Entrada que variar</translation>
    </message>
    <message>
        <source>Automatic range</source>
        <translation>Rango automático</translation>
    </message>
    <message>
        <source>Range from</source>
        <translation>Rango desde</translation>
    </message>
    <message>
        <source>Range to</source>
        <translation>Rango hasta</translation>
    </message>
    <message>
        <source>&amp;Vary</source>
        <translation>&amp;Variar</translation>
    </message>
    <message>
        <source>from</source>
        <translation>desde</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Recompensa</translation>
    </message>
    <message>
        <source>Reward 0</source>
        <translation>Recompensa 0</translation>
    </message>
    <message>
        <source>Break-even</source>
        <translation>Equilibrio</translation>
    </message>
    <message>
        <source>Current inputs</source>
        <translation>Entradas actuales</translation>
    </message>
    <message>
        <source>Reward sensitivity chart</source>
        <translation>Gráfico de sensibilidad de la recompensa</translation>
    </message>
    <message>
        <source>What-if replay of the learning policy</source>
        <translation>Reproducción hipotética de la política de aprendizaje</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Tasa de aprendizaje</translation>
    </message>
    <message>
        <source>Confidence gate</source>
        <translation>Umbral de confianza</translation>
    </message>
    <message>
        <source>Reward threshold</source>
        <translation>Umbral de recompensa</translation>
    </message>
    <message>
        <source>Minimum rewarded decisions</source>
        <translation>Mínimo de decisiones recompensadas</translation>
    </message>
    <message>
        <source>Below this many rewarded decisions the replay gives no estimate</source>
        <translation>Por debajo de este número de decisiones recompensadas, la reproducción no da ninguna estimación</translation>
    </message>
    <message>
        <source>Decisions to replay</source>
        <translation>Decisiones que reproducir</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>The whole log</source>
        <translation>Todo el registro</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>Tasa de &amp;aprendizaje</translation>
    </message>
    <message>
        <source>Confidence &amp;gate</source>
        <translation>&amp;Umbral de confianza</translation>
    </message>
    <message>
        <source>Reward &amp;threshold</source>
        <translation>Umbral de &amp;recompensa</translation>
    </message>
    <message>
        <source>&amp;Decisions</source>
        <translation>&amp;Decisiones</translation>
    </message>
    <message>
        <source>At &amp;least</source>
        <translation>Al &amp;menos</translation>
    </message>
    <message>
        <source>Run replay</source>
        <translation>Ejecutar la reproducción</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Replay progress</source>
        <translation>Progreso de la reproducción</translation>
    </message>
    <message>
        <source>Mean reward per decision (95 % intervals)</source>
        <translation>Recompensa media por decisión (IC del 95 %)</translation>
    </message>
    <message>
        <source>Replay estimates chart</source>
        <translation>Gráfico de las estimaciones de la reproducción</translation>
    </message>
    <message>
        <source>Replaying the decision log… %1 s</source>
        <translation>Reproduciendo el registro de decisiones… %1 s</translation>
    </message>
    <message>
        <source>✔ Meets the %1× threshold</source>
        <translation>✔ Cumple el umbral de %1×</translation>
    </message>
    <message>
        <source>✘ Below the %1× threshold</source>
        <translation>✘ Por debajo del umbral de %1×</translation>
    </message>
    <message>
        <source>Benefit ΔVisibility × ΔRevenue = %1; it must reach %2 × the API cost (%3) and exceed the cost.</source>
        <translation>Beneficio ΔVisibilidad × ΔIngresos = %1; debe alcanzar %2 × el coste de API (%3) y superar el coste.</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>%1: never meets (%2)</source>
        <translation>%1: nunca se cumple (%2)</translation>
    </message>
    <message>
        <source>%1: always meets (%2)</source>
        <translation>%1: siempre se cumple (%2)</translation>
    </message>
    <message>
        <source>Meets the threshold, the other inputs as they are, when: %1</source>
        <translation>Cumple el umbral, con las demás entradas como están, cuando: %1</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>No se puede calcular: %1</translation>
    </message>
    <message>
        <source>Break-even: %1</source>
        <translation>Equilibrio: %1</translation>
    </message>
    <message>
        <source>The verdict flips at %1 = %2 (%3); it meets the threshold %4 it.</source>
        <translation>El veredicto cambia en %1 = %2 (%3); cumple el umbral %4.</translation>
    </message>
    <message>
        <source>above</source>
        <translation>por encima</translation>
    </message>
    <message>
        <source>below</source>
        <translation>por debajo</translation>
    </message>
    <message>
        <source>The verdict flips at %1 = %2, outside this range.</source>
        <translation>El veredicto cambia en %1 = %2, fuera de este rango.</translation>
    </message>
    <message>
        <source>Meets the threshold whatever %1: %2</source>
        <translation>Cumple el umbral sea cual sea %1: %2</translation>
    </message>
    <message>
        <source>Never meets the threshold, whatever %1: %2</source>
        <translation>Nunca cumple el umbral, sea cual sea %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) could not be computed.</source>
        <translation>
            <numerusform>No se pudo calcular %n punto.</numerusform>
            <numerusform>No se pudieron calcular %n puntos.</numerusform>
        </translation>
    </message>
    <message>
        <source>The replay runs on the orchestrator: connect first</source>
        <translation>La reproducción se ejecuta en el orquestador: conéctese primero</translation>
    </message>
    <message>
        <source>The orchestrator is not reachable; the replay was abandoned.</source>
        <translation>El orquestador no está accesible; se abandonó la reproducción.</translation>
    </message>
    <message>
        <source>The replay runs on the orchestrator, which is not connected.</source>
        <translation>La reproducción se ejecuta en el orquestador, que no está conectado.</translation>
    </message>
    <message>
        <source>Replaying the decision log…</source>
        <translation>Reproduciendo el registro de decisiones…</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed; run the replay again at any time.</source>
        <translation>Cancelada. No se ha cambiado nada; puede volver a ejecutar la reproducción en cualquier momento.</translation>
    </message>
    <message>
        <source>The replay failed: %1</source>
        <translation>La reproducción ha fallado: %1</translation>
    </message>
    <message>
        <source>No estimate from %1 rewarded decision(s): %2.</source>
        <translation>Ninguna estimación a partir de %1 decisión(es) recompensada(s): %2.</translation>
    </message>
    <message>
        <source>Logged</source>
        <translation>Registrada</translation>
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
        <translation>%1 decisiones recompensadas reproducidas (tamaño muestral efectivo %2). Política registrada: %3. Alternativa: IPS %4, SNIPS %5. Diferencia (SNIPS − registrada): %6.</translation>
    </message>
    <message>
        <source>The alternative would likely have done better.</source>
        <translation>La alternativa probablemente lo habría hecho mejor.</translation>
    </message>
    <message>
        <source>The alternative would likely have done worse.</source>
        <translation>La alternativa probablemente lo habría hecho peor.</translation>
    </message>
    <message>
        <source>No significant difference at 95 %.</source>
        <translation>No hay diferencia significativa al 95 %.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::ScreenshotTour</name>
    <message>
        <source>cannot create the directory %1</source>
        <translation>no se puede crear el directorio %1</translation>
    </message>
    <message>
        <source>the orchestrator failed to start</source>
        <translation>el orquestador no pudo arrancar</translation>
    </message>
    <message>
        <source>the orchestrator failed to start: %1</source>
        <translation>el orquestador no pudo arrancar: %1</translation>
    </message>
    <message>
        <source>gave up after %1 s: warm-up finished, but only %2 of %3 live statuses arrived</source>
        <translation>abandonado tras %1 s: el calentamiento terminó, pero solo llegaron %2 de %3 estados en vivo</translation>
    </message>
    <message>
        <source>gave up after %1 s: the warm-up did not finish</source>
        <translation>abandonado tras %1 s: el calentamiento no terminó</translation>
    </message>
    <message>
        <source>; last error: %1</source>
        <translation>; último error: %1</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>%1 guardado</translation>
    </message>
    <message>
        <source>cannot save %1</source>
        <translation>no se puede guardar %1</translation>
    </message>
</context>
<context>
    <name>orch::ui::SpecModel</name>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Ajuste</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
</context>
<context>
    <name>orch::ui::SpecPage</name>
    <message>
        <source>Specification</source>
        <translation>Especificación</translation>
    </message>
    <message>
        <source>The settings the orchestrator runs with. Keys are those of a spec document (&lt;tt&gt;--spec FILE&lt;/tt&gt;).</source>
        <translation>Los ajustes con los que funciona el orquestador. Las claves son las de un documento de especificación (&lt;tt&gt;--spec FILE&lt;/tt&gt;).</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>The console is not connected to an orchestrator.</source>
        <translation>La consola no está conectada a ningún orquestador.</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Esperando al orquestador…</translation>
    </message>
    <message>
        <source>Starting %1.</source>
        <translation>Iniciando %1.</translation>
    </message>
    <message>
        <source>Loading the specification…</source>
        <translation>Cargando la especificación…</translation>
    </message>
    <message>
        <source>The orchestrator is not available</source>
        <translation>El orquestador no está disponible</translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation>La conexión con %1 ha fallado.</translation>
    </message>
    <message>
        <source>The specification could not be loaded</source>
        <translation>No se pudo cargar la especificación</translation>
    </message>
</context>
<context>
    <name>orch::ui::StatusPage</name>
    <message>
        <source>Orchestrator status</source>
        <translation>Estado del orquestador</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Status time</source>
        <translation>Hora del estado</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Componentes</translation>
    </message>
    <message>
        <source>Governance</source>
        <translation>Gobernanza</translation>
    </message>
    <message>
        <source>API cost remaining</source>
        <translation>Coste de API restante</translation>
    </message>
    <message>
        <source>The smallest remaining monthly API budget of any dealer</source>
        <translation>El menor presupuesto mensual de API restante de cualquier concesionario</translation>
    </message>
    <message>
        <source>API budget remaining</source>
        <translation>Presupuesto de API restante</translation>
    </message>
    <message>
        <source>API cost remaining:</source>
        <translation>Coste de API restante:</translation>
    </message>
    <message>
        <source>Minimum reward threshold</source>
        <translation>Umbral mínimo de recompensa</translation>
    </message>
    <message>
        <source>An action&apos;s reward must be at least this multiple of its API cost</source>
        <translation>La recompensa de una acción debe ser al menos este múltiplo de su coste de API</translation>
    </message>
    <message>
        <source>Minimum reward threshold:</source>
        <translation>Umbral de recompensa:</translation>
    </message>
    <message>
        <source>Automatic rollback</source>
        <translation>Reversión automática</translation>
    </message>
    <message>
        <source>Automatic rollback:</source>
        <translation>Reversión automática:</translation>
    </message>
    <message>
        <source>Telemetry configuration</source>
        <translation>Configuración de telemetría</translation>
    </message>
    <message>
        <source>Metrics store</source>
        <translation>Almacén de métricas</translation>
    </message>
    <message>
        <source>Metrics store:</source>
        <translation>Métricas:</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>Audit trail:</source>
        <translation>Auditoría:</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Retención</translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation>Retención:</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>The console is not connected to an orchestrator.</source>
        <translation>La consola no está conectada a ningún orquestador.</translation>
    </message>
    <message>
        <source>Waiting for the orchestrator…</source>
        <translation>Esperando al orquestador…</translation>
    </message>
    <message>
        <source>Starting %1. The status appears as soon as the orchestrator reports it.</source>
        <translation>Iniciando %1. El estado aparece en cuanto el orquestador lo comunica.</translation>
    </message>
    <message>
        <source>Waiting for the first status…</source>
        <translation>Esperando el primer estado…</translation>
    </message>
    <message>
        <source>Connected to %1. The orchestrator publishes its status once it runs live; an embedded orchestrator first simulates its warm-up days (progress in the status bar).</source>
        <translation>Conectado a %1. El orquestador publica su estado en cuanto funciona en vivo; un orquestador integrado simula primero sus días de calentamiento (progreso en la barra de estado).</translation>
    </message>
    <message>
        <source>The orchestrator is not available</source>
        <translation>El orquestador no está disponible</translation>
    </message>
    <message>
        <source>Connecting to %1 failed.</source>
        <translation>La conexión con %1 ha fallado.</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>a fecha de %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;The orchestrator reported an error.&lt;/b&gt; The values below are from %1.&lt;br&gt;%2</source>
        <translation>&lt;b&gt;El orquestador ha informado de un error.&lt;/b&gt; Los valores de abajo son de %1.&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>The orchestrator reported an error</source>
        <translation>El orquestador ha informado de un error</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 of %2 per dealer per month</source>
        <translation>%1 de %2 por concesionario y mes</translation>
    </message>
    <message>
        <source>%1 of the monthly budget left</source>
        <translation>queda %1 del presupuesto mensual</translation>
    </message>
    <message>
        <source>%1 per dealer per month</source>
        <translation>%1 por concesionario y mes</translation>
    </message>
    <message>
        <source>Disabled: rollbacks wait for an analyst&apos;s approval</source>
        <translation>Desactivada: las reversiones esperan la aprobación de un analista</translation>
    </message>
    <message>
        <source>Enabled (error rate above %1)</source>
        <translation>Activada (tasa de error &gt; %1)</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>no disponible</translation>
    </message>
    <message>
        <source>append-only</source>
        <translation>solo anexar</translation>
    </message>
    <message>
        <source>%1 hash chain</source>
        <translation>cadena de hash %1</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Desactivado</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n día</numerusform>
            <numerusform>%n días</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting to the orchestrator…</source>
        <translation>Reconectando con el orquestador…</translation>
    </message>
</context>
<context>
    <name>orch::ui::TimeSeriesChart</name>
    <message>
        <source>Time series chart</source>
        <translation>Gráfico de series temporales</translation>
    </message>
    <message>
        <source>Drag to pan, Shift+drag to zoom into a time range, the wheel zooms, a double click or Home resets the zoom</source>
        <translation>Arrastre para desplazar, Mayús+arrastrar para ampliar un intervalo de tiempo; la rueda amplía y un doble clic o Inicio restablece el zoom</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>orch::ui::TrustPages</name>
    <message>
        <source>This console (embedded)</source>
        <translation>Esta consola (integrada)</translation>
    </message>
</context>
</TS>
