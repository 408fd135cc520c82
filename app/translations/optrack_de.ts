<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApprovalFacts</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 of 1 approval</source>
        <translation>%1 von 1 Zustimmung</translation>
    </message>
    <message>
        <source>%1 of %2 approvals</source>
        <translation>%1 von %2 Zustimmungen</translation>
    </message>
    <message>
        <source>%1: none yet</source>
        <translation>%1: noch keine</translation>
    </message>
    <message>
        <source>%1 approved</source>
        <translation>%1 hat zugestimmt</translation>
    </message>
    <message>
        <source>%1 denied</source>
        <translation>%1 hat abgelehnt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (just now)</source>
        <translation>%1 (gerade eben)</translation>
    </message>
    <message>
        <source>%1 (%2 ago)</source>
        <translation>%1 (vor %2)</translation>
    </message>
    <message>
        <source>now (%1)</source>
        <translation>jetzt (%1)</translation>
    </message>
    <message>
        <source>in %1 (%2)</source>
        <translation>in %1 (%2)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>1 transaction</source>
        <translation>1 Buchung</translation>
    </message>
    <message>
        <source>%1 transactions</source>
        <translation>%1 Buchungen</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Beantragt</translation>
    </message>
    <message>
        <source>Votes so far</source>
        <translation>Bisherige Stimmen</translation>
    </message>
    <message>
        <source>Times out</source>
        <translation>Läuft ab</translation>
    </message>
</context>
<context>
    <name>LocalConfig</name>
    <message>
        <source>yours: upload, export and ask to delete files, and see every operation</source>
        <translation>Ihres: Dateien hochladen, exportieren und ihr Löschen beantragen, und jeden Vorgang sehen</translation>
    </message>
    <message>
        <source>an approver: votes on deletions (approve or deny) and sees every operation</source>
        <translation>eine Freigabe-Person: stimmt über Löschungen ab (zustimmen oder ablehnen) und sieht jeden Vorgang</translation>
    </message>
    <message>
        <source>a second approver, for policies that need two votes</source>
        <translation>eine zweite Freigabe-Person, für Regeln, die zwei Stimmen brauchen</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>optrack::AccountClient</name>
    <message>
        <source>The service does not report itself healthy.</source>
        <translation>Der Dienst meldet sich nicht als funktionsfähig.</translation>
    </message>
</context>
<context>
    <name>optrack::ApiCall</name>
    <message>
        <source>Cannot write %1: %2. Choose another place to save it.</source>
        <translation>%1 kann nicht geschrieben werden: %2. Wählen Sie einen anderen Speicherort.</translation>
    </message>
    <message>
        <source>The request was stopped.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Check the free space and choose another place if needed.</source>
        <translation>%1 kann nicht geschrieben werden: %2. Prüfen Sie den freien Speicherplatz und wählen Sie bei Bedarf einen anderen Speicherort.</translation>
    </message>
    <message>
        <source>The service&apos;s answer is far larger than expected and was not read.</source>
        <translation>Die Antwort des Dienstes ist weit größer als erwartet und wurde nicht gelesen.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2.</source>
        <translation>%1 kann nicht gespeichert werden: %2.</translation>
    </message>
    <message>
        <source>The service&apos;s answer could not be read: it is not valid JSON (%1 at byte %2).</source>
        <translation>Die Antwort des Dienstes konnte nicht gelesen werden: Sie ist kein gültiges JSON (%1 bei Byte %2).</translation>
    </message>
    <message>
        <source>The service&apos;s answer could not be read: it is not a JSON object.</source>
        <translation>Die Antwort des Dienstes konnte nicht gelesen werden: Sie ist kein JSON-Objekt.</translation>
    </message>
</context>
<context>
    <name>optrack::ApiConnection</name>
    <message>
        <source>The app is closing.</source>
        <translation>Die App wird beendet.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2. Check that the file exists and may be read.</source>
        <translation>%1 kann nicht gelesen werden: %2. Prüfen Sie, ob die Datei existiert und gelesen werden darf.</translation>
    </message>
</context>
<context>
    <name>optrack::ApiResults</name>
    <message>
        <source>%1 is not what the service should send.</source>
        <translation>%1 ist nicht, was der Dienst senden sollte.</translation>
    </message>
    <message>
        <source>The service&apos;s answer could not be read: %1 The app may be older than the service.</source>
        <translation>Die Antwort des Dienstes konnte nicht gelesen werden: %1 Die App ist möglicherweise älter als der Dienst.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is unknown.</source>
        <translation>„%1“ ist unbekannt.</translation>
    </message>
</context>
<context>
    <name>optrack::ApiStatus</name>
    <message>
        <source>The service is busy and asked to slow down. Try again in a moment.</source>
        <translation>Der Dienst ist ausgelastet und bittet um weniger Anfragen. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The service refused the request as invalid (HTTP %1).</source>
        <translation>Der Dienst hat die Anfrage als ungültig abgelehnt (HTTP %1).</translation>
    </message>
    <message>
        <source>The service did not accept your token. Sign in again or check the token in the settings.</source>
        <translation>Der Dienst hat Ihr Token nicht angenommen. Melden Sie sich erneut an oder prüfen Sie das Token in den Einstellungen.</translation>
    </message>
    <message>
        <source>Your account may not do this. Ask an administrator for the role it needs.</source>
        <translation>Ihr Konto darf das nicht. Bitten Sie eine Administratorin oder einen Administrator um die nötige Rolle.</translation>
    </message>
    <message>
        <source>The service does not have this item, or you may not see it. Refresh and try again.</source>
        <translation>Der Dienst hat diesen Eintrag nicht, oder Sie dürfen ihn nicht sehen. Aktualisieren Sie und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>This changed on the service in the meantime. Refresh and try again.</source>
        <translation>Das wurde inzwischen beim Dienst geändert. Aktualisieren Sie und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The file is larger than the service accepts. Split it into smaller files.</source>
        <translation>Die Datei ist größer, als der Dienst annimmt. Teilen Sie sie in kleinere Dateien auf.</translation>
    </message>
    <message>
        <source>The service failed while handling the request (HTTP 500). Try again; if it keeps failing, tell the service&apos;s administrator.</source>
        <translation>Beim Bearbeiten der Anfrage ist im Dienst ein Fehler aufgetreten (HTTP 500). Versuchen Sie es erneut; wenn der Fehler bleibt, wenden Sie sich an die Administration des Dienstes.</translation>
    </message>
    <message>
        <source>The service is not available right now (HTTP %1). Try again in a moment.</source>
        <translation>Der Dienst ist gerade nicht verfügbar (HTTP %1). Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The service gave an answer this app does not expect (HTTP %1).</source>
        <translation>Der Dienst hat eine Antwort gegeben, die diese App nicht erwartet (HTTP %1).</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cannot connect</source>
        <translation>Keine Verbindung</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>Zu groß</translation>
    </message>
    <message>
        <source>Service error</source>
        <translation>Dienstfehler</translation>
    </message>
    <message>
        <source>Unreadable answer</source>
        <translation>Unlesbare Antwort</translation>
    </message>
    <message>
        <source>File error</source>
        <translation>Dateifehler</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Cannot connect to the service: the connection was refused. Check that the service is running and that the address is right.</source>
        <translation>Keine Verbindung zum Dienst: Die Verbindung wurde abgewiesen. Prüfen Sie, ob der Dienst läuft und die Adresse stimmt.</translation>
    </message>
    <message>
        <source>Cannot connect to the service: its host name was not found. Check the address in the settings.</source>
        <translation>Keine Verbindung zum Dienst: Sein Hostname wurde nicht gefunden. Prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The service did not answer in time. Check the network, then try again.</source>
        <translation>Der Dienst hat nicht rechtzeitig geantwortet. Prüfen Sie das Netzwerk und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The service&apos;s answer was cut off before it was complete. Try again.</source>
        <translation>Die Antwort des Dienstes brach ab, bevor sie vollständig war. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The service closed the connection before answering. It may be restarting; try again shortly.</source>
        <translation>Der Dienst hat die Verbindung vor der Antwort geschlossen. Vielleicht startet er gerade neu; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Cannot connect securely to the service.</source>
        <translation>Keine sichere Verbindung zum Dienst möglich.</translation>
    </message>
    <message>
        <source>Cannot reach the service through the proxy. Check the proxy settings.</source>
        <translation>Der Dienst ist über den Proxy nicht erreichbar. Prüfen Sie die Proxy-Einstellungen.</translation>
    </message>
    <message>
        <source>The address redirects somewhere this app will not follow. Check the address in the settings.</source>
        <translation>Die Adresse leitet an ein Ziel weiter, dem diese App nicht folgt. Prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>Cannot connect to the service. Check the network.</source>
        <translation>Keine Verbindung zum Dienst. Prüfen Sie das Netzwerk.</translation>
    </message>
    <message>
        <source>The service address must start with http:// or https://.</source>
        <translation>Die Adresse des Dienstes muss mit http:// oder https:// beginnen.</translation>
    </message>
    <message>
        <source>The service&apos;s answer broke the HTTP protocol and could not be read.</source>
        <translation>Die Antwort des Dienstes verletzte das HTTP-Protokoll und konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The service&apos;s answer could not be read.</source>
        <translation>Die Antwort des Dienstes konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Keine Antwort</translation>
    </message>
</context>
<context>
    <name>optrack::AppController</name>
    <message>
        <source>%1 Restarting it…</source>
        <translation>%1 Er wird neu gestartet…</translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>Die Token-Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The token file %1 is empty.</source>
        <translation>Die Token-Datei %1 ist leer.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Access token for %1:</source>
        <translation>Zugriffstoken für %1:</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Cancelled %1.</source>
        <translation>%1 abgebrochen.</translation>
    </message>
    <message>
        <source>You approved %1.</source>
        <translation>Sie haben %1 zugestimmt.</translation>
    </message>
    <message>
        <source>You denied %1.</source>
        <translation>Sie haben %1 abgelehnt.</translation>
    </message>
    <message>
        <source>Token storage</source>
        <translation>Token-Ablage</translation>
    </message>
</context>
<context>
    <name>optrack::ApprovalPanel</name>
    <message>
        <source>Approval</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>No votes yet.</source>
        <translation>Noch keine Stimmen.</translation>
    </message>
    <message>
        <source>Approval tally</source>
        <translation>Stand der Freigabe</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>Stimmen</translation>
    </message>
    <message>
        <source>, 1 denial</source>
        <translation>, 1 Ablehnung</translation>
    </message>
    <message>
        <source>, %1 denials</source>
        <translation>, %1 Ablehnungen</translation>
    </message>
    <message>
        <source>Approval state</source>
        <translation>Zustand der Freigabe</translation>
    </message>
    <message>
        <source>What is being decided</source>
        <translation>Worüber entschieden wird</translation>
    </message>
    <message>
        <source>Your vote</source>
        <translation>Ihre Stimme</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Zustimmen</translation>
    </message>
    <message>
        <source>Approve operation</source>
        <translation>Vorgang zustimmen</translation>
    </message>
    <message>
        <source>Vote to approve this operation</source>
        <translation>Für diesen Vorgang stimmen</translation>
    </message>
    <message>
        <source>D&amp;eny…</source>
        <translation>Ab&amp;lehnen…</translation>
    </message>
    <message>
        <source>Deny operation</source>
        <translation>Vorgang ablehnen</translation>
    </message>
    <message>
        <source>Vote to deny this operation, with a reason</source>
        <translation>Gegen diesen Vorgang stimmen, mit Begründung</translation>
    </message>
    <message>
        <source>%1 of 1 approval</source>
        <translation>%1 von 1 Zustimmung</translation>
    </message>
    <message>
        <source>%1 of %2 approvals</source>
        <translation>%1 von %2 Zustimmungen</translation>
    </message>
    <message>
        <source>Waiting for votes from the %1 role.</source>
        <translation>Wartet auf Stimmen der Rolle %1.</translation>
    </message>
    <message>
        <source>No decision was reached.</source>
        <translation>Es kam keine Entscheidung zustande.</translation>
    </message>
    <message>
        <source>Approved: the work went ahead.</source>
        <translation>Freigegeben: Die Arbeit wurde ausgeführt.</translation>
    </message>
    <message>
        <source>Denied: the work did not go ahead.</source>
        <translation>Abgelehnt: Die Arbeit wurde nicht ausgeführt.</translation>
    </message>
    <message>
        <source>Your vote is needed.</source>
        <translation>Ihre Stimme wird gebraucht.</translation>
    </message>
    <message>
        <source>Your vote was sent.</source>
        <translation>Ihre Stimme wurde gesendet.</translation>
    </message>
</context>
<context>
    <name>optrack::BulkApproveDialog</name>
    <message>
        <source>Approve selected operations</source>
        <translation>Gewählten Vorgängen zustimmen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve this operation?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Diesem Vorgang zustimmen?&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve these %1 operations?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Diesen %1 Vorgängen zustimmen?&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Your approval is recorded on each of them now and cannot be taken back. Operations you may not vote on are not listed.</source>
        <translation>Ihre Zustimmung wird jetzt bei jedem von ihnen vermerkt und kann nicht zurückgenommen werden. Vorgänge, über die Sie nicht abstimmen dürfen, stehen nicht in der Liste.</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Beantragt</translation>
    </message>
    <message>
        <source>Operations to approve</source>
        <translation>Vorgänge, denen zugestimmt wird</translation>
    </message>
    <message>
        <source>&amp;Approve 1 operation</source>
        <translation>1 Vorgang &amp;zustimmen</translation>
    </message>
    <message>
        <source>&amp;Approve %1 operations</source>
        <translation>%1 Vorgängen &amp;zustimmen</translation>
    </message>
    <message>
        <source>&amp;Keep waiting</source>
        <translation>&amp;Weiter warten</translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation>Weiter warten</translation>
    </message>
</context>
<context>
    <name>optrack::CancelQuestion</name>
    <message>
        <source>Cancel operation</source>
        <translation>Vorgang abbrechen</translation>
    </message>
    <message>
        <source>Cancel “%1”?</source>
        <translation>„%1“ abbrechen?</translation>
    </message>
    <message>
        <source>The service stops it where it is. Steps already done are not undone.</source>
        <translation>Der Dienst hält ihn an, wo er gerade ist. Schon erledigte Schritte werden nicht rückgängig gemacht.</translation>
    </message>
    <message>
        <source>&amp;Cancel operation</source>
        <translation>Vorgang a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Cancel the operation</source>
        <translation>Den Vorgang abbrechen</translation>
    </message>
    <message>
        <source>&amp;Keep running</source>
        <translation>&amp;Weiterlaufen lassen</translation>
    </message>
    <message>
        <source>Keep the operation running</source>
        <translation>Den Vorgang weiterlaufen lassen</translation>
    </message>
</context>
<context>
    <name>optrack::ConnectionIndicator</name>
    <message>
        <source>Connection state colour</source>
        <translation>Farbe des Verbindungszustands</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungszustand</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Polling</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>Offline — retrying in %1 s</source>
        <translation>Offline – neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>Offline — retrying now</source>
        <translation>Offline – neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting to the service</source>
        <translation>Verbindung zum Dienst wird aufgebaut</translation>
    </message>
    <message>
        <source>Changes arrive as they happen</source>
        <translation>Änderungen kommen an, sobald sie geschehen</translation>
    </message>
    <message>
        <source>Asking the service for changes every few seconds</source>
        <translation>Fragt den Dienst alle paar Sekunden nach Änderungen</translation>
    </message>
    <message>
        <source>The service cannot be reached</source>
        <translation>Der Dienst ist nicht erreichbar</translation>
    </message>
    <message>
        <source>Not responding</source>
        <translation>Antwortet nicht</translation>
    </message>
    <message>
        <source>The service does not answer</source>
        <translation>Der Dienst antwortet nicht</translation>
    </message>
    <message>
        <source>The operations shown are %1.</source>
        <translation>Die gezeigten Vorgänge: %1.</translation>
    </message>
</context>
<context>
    <name>optrack::DeleteFileDialog</name>
    <message>
        <source>Delete a stored file</source>
        <translation>Gespeicherte Datei löschen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>Buchungen</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Hochgeladen</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Choose the file to delete. The deletion waits until an approver agrees; until then it can be cancelled.</source>
        <translation>Wählen Sie die zu löschende Datei. Das Löschen wartet, bis eine freigebende Person zustimmt; bis dahin kann es abgebrochen werden.</translation>
    </message>
    <message>
        <source>Search by file name or owner</source>
        <translation>Nach Dateiname oder Besitzer suchen</translation>
    </message>
    <message>
        <source>Search files</source>
        <translation>Dateien durchsuchen</translation>
    </message>
    <message>
        <source>Stored files</source>
        <translation>Gespeicherte Dateien</translation>
    </message>
    <message>
        <source>Chosen file</source>
        <translation>Gewählte Datei</translation>
    </message>
    <message>
        <source>&amp;Ask to delete</source>
        <translation>&amp;Löschen beantragen</translation>
    </message>
    <message>
        <source>Ask to delete</source>
        <translation>Löschen beantragen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Keine Datei gewählt.</translation>
    </message>
    <message>
        <source>Ask to delete &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>Löschen von &lt;b&gt;%1&lt;/b&gt; beantragen.</translation>
    </message>
    <message>
        <source>No stored files. Upload one first.</source>
        <translation>Keine gespeicherten Dateien. Laden Sie zuerst eine hoch.</translation>
    </message>
    <message>
        <source>No file matches the search.</source>
        <translation>Keine Datei passt zur Suche.</translation>
    </message>
    <message>
        <source>The service&apos;s answer</source>
        <translation>Die Antwort des Dienstes</translation>
    </message>
    <message>
        <source>Asking the service to delete &lt;b&gt;%1&lt;/b&gt;…</source>
        <translation>Der Dienst wird gebeten, &lt;b&gt;%1&lt;/b&gt; zu löschen…</translation>
    </message>
</context>
<context>
    <name>optrack::DenyReasonDialog</name>
    <message>
        <source>Deny operation</source>
        <translation>Vorgang ablehnen</translation>
    </message>
    <message>
        <source>Deny &lt;b&gt;%1&lt;/b&gt;?</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; ablehnen?</translation>
    </message>
    <message>
        <source>&amp;Reason (the owner sees it):</source>
        <translation>&amp;Begründung (der Besitzer sieht sie):</translation>
    </message>
    <message>
        <source>Reason for the denial</source>
        <translation>Begründung der Ablehnung</translation>
    </message>
    <message>
        <source>Why may this not go ahead?</source>
        <translation>Warum darf das nicht stattfinden?</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>optrack::DesktopNotifications</name>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
</context>
<context>
    <name>optrack::EtaEstimator</name>
    <message>
        <source>1 second</source>
        <translation>1 Sekunde</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 Sekunden</translation>
    </message>
    <message>
        <source>about 1 hour</source>
        <translation>etwa 1 Stunde</translation>
    </message>
    <message>
        <source>about 1 minute</source>
        <translation>etwa 1 Minute</translation>
    </message>
    <message>
        <source>about %1 minutes</source>
        <translation>etwa %1 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 Stunden</translation>
    </message>
    <message>
        <source>about </source>
        <translation>etwa </translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 Minute</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 Minuten</translation>
    </message>
    <message>
        <source>about %1 %2</source>
        <translation>etwa %1 %2</translation>
    </message>
    <message>
        <source>almost done</source>
        <translation>fast fertig</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
</context>
<context>
    <name>optrack::EventDelegate</name>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Vote</source>
        <translation>Stimme</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Zeit abgelaufen</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Wiederholt</translation>
    </message>
</context>
<context>
    <name>optrack::ExportDialog</name>
    <message>
        <source>Export data</source>
        <translation>Daten exportieren</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>&amp;CSV (spreadsheets)</source>
        <translation>&amp;CSV (Tabellenkalkulation)</translation>
    </message>
    <message>
        <source>&amp;JSON (programs)</source>
        <translation>&amp;JSON (Programme)</translation>
    </message>
    <message>
        <source>CSV format</source>
        <translation>CSV-Format</translation>
    </message>
    <message>
        <source>JSON format</source>
        <translation>JSON-Format</translation>
    </message>
    <message>
        <source>Transactions dated</source>
        <translation>Buchungen mit Datum</translation>
    </message>
    <message>
        <source>In the &amp;year</source>
        <translation>Im &amp;Jahr</translation>
    </message>
    <message>
        <source>In the &amp;month</source>
        <translation>Im &amp;Monat</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>Whole year</source>
        <translation>Ganzes Jahr</translation>
    </message>
    <message>
        <source>Whole month</source>
        <translation>Ganzer Monat</translation>
    </message>
    <message>
        <source>Range of days</source>
        <translation>Zeitraum in Tagen</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>&amp;bis</translation>
    </message>
    <message>
        <source>What will be exported</source>
        <translation>Was exportiert wird</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>&amp;Start export</source>
        <translation>Export &amp;starten</translation>
    </message>
    <message>
        <source>Start export</source>
        <translation>Export starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The last day is before the first day: pick a last day on or after %1.</source>
        <translation>Der letzte Tag liegt vor dem ersten: Wählen Sie einen letzten Tag am oder nach dem %1.</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>aus %1</translation>
    </message>
    <message>
        <source>from %1 to %2 (both included)</source>
        <translation>vom %1 bis zum %2 (beide eingeschlossen)</translation>
    </message>
    <message>
        <source>Exports the stored transactions dated %1 as %2 (range “%3”).</source>
        <translation>Exportiert die gespeicherten Buchungen %1 als %2 (Zeitraum „%3“).</translation>
    </message>
</context>
<context>
    <name>optrack::Freshness</name>
    <message>
        <source>as of %1</source>
        <translation>Stand %1</translation>
    </message>
    <message>
        <source>not updated yet</source>
        <translation>noch nicht aktualisiert</translation>
    </message>
    <message>
        <source>updated just now</source>
        <translation>gerade aktualisiert</translation>
    </message>
    <message>
        <source>updated %1 s ago</source>
        <translation>vor %1 s aktualisiert</translation>
    </message>
    <message>
        <source>updated %1 min ago</source>
        <translation>vor %1 min aktualisiert</translation>
    </message>
    <message>
        <source>updated %1 h ago</source>
        <translation>vor %1 h aktualisiert</translation>
    </message>
</context>
<context>
    <name>optrack::GettingStartedDialog</name>
    <message>
        <source>Getting started with Optrack</source>
        <translation>Erste Schritte mit Optrack</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>Erste Schritte</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Operations&lt;/h3&gt;&lt;p&gt;An &lt;b&gt;operation&lt;/b&gt; is a piece of long-running work the service tracks for you: uploading a transaction file, exporting data, deleting a file (which waits for approval votes), or anything another program reports. Each has a status, a progress percentage and steps, the time left, its votes and a history.&lt;/p&gt;&lt;p&gt;Select an operation to see all of that below the table. Double-click it, or press Enter, to follow it in a window of its own. Start work from the &lt;b&gt;File&lt;/b&gt; menu; act on the selected operation from the &lt;b&gt;Operation&lt;/b&gt; menu.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Vorgänge&lt;/h3&gt;&lt;p&gt;Ein &lt;b&gt;Vorgang&lt;/b&gt; ist eine länger laufende Arbeit, die der Dienst für Sie verfolgt: das Hochladen einer Buchungsdatei, ein Datenexport, das Löschen einer Datei (das auf Freigabestimmen wartet) oder alles, was ein anderes Programm meldet. Jeder hat einen Status, einen Fortschritt in Prozent und Schritte, die verbleibende Zeit, seine Stimmen und einen Verlauf.&lt;/p&gt;&lt;p&gt;Wählen Sie einen Vorgang, um all das unter der Tabelle zu sehen. Doppelklicken Sie ihn oder drücken Sie die Eingabetaste, um ihn in einem eigenen Fenster zu verfolgen. Neue Arbeit beginnen Sie im Menü &lt;b&gt;Datei&lt;/b&gt;; auf den gewählten Vorgang wirken Sie im Menü &lt;b&gt;Vorgang&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Accounts&lt;/h3&gt;&lt;p&gt;The service on this computer comes with these accounts; switch between them with &lt;b&gt;Account&lt;/b&gt; in the toolbar:&lt;/p&gt;&lt;ul&gt;</source>
        <translation>&lt;h3&gt;Konten&lt;/h3&gt;&lt;p&gt;Der Dienst auf diesem Computer bringt diese Konten mit; wechseln Sie zwischen ihnen mit &lt;b&gt;Konto&lt;/b&gt; in der Werkzeugleiste:&lt;/p&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <source>&lt;li&gt;&lt;b&gt;%1&lt;/b&gt;: %2&lt;/li&gt;</source>
        <translation>&lt;li&gt;&lt;b&gt;%1&lt;/b&gt;: %2&lt;/li&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Transaction files&lt;/h3&gt;&lt;p&gt;An upload is a CSV file in UTF-8 whose first line is exactly:&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;&lt;p&gt;and then one transaction per line, for example:&lt;/p&gt;&lt;pre&gt;%2&lt;/pre&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;date&lt;/b&gt;: YYYY-MM-DD, a real calendar date&lt;/li&gt;&lt;li&gt;&lt;b&gt;account&lt;/b&gt;: any text, not empty&lt;/li&gt;&lt;li&gt;&lt;b&gt;amount&lt;/b&gt;: a decimal number with a point, such as -12.50&lt;/li&gt;&lt;li&gt;&lt;b&gt;currency&lt;/b&gt;: three capital letters, such as EUR&lt;/li&gt;&lt;li&gt;&lt;b&gt;description&lt;/b&gt;: any text, may be left out; put it in double quotes when it holds a comma, and write a quote inside it twice&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Every line is checked before anything is stored. The first line that is wrong fails the upload with its number and what is wrong with it; fix it and upload the file again.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Buchungsdateien&lt;/h3&gt;&lt;p&gt;Hochgeladen wird eine CSV-Datei in UTF-8, deren erste Zeile genau so lautet:&lt;/p&gt;&lt;pre&gt;%1&lt;/pre&gt;&lt;p&gt;und danach eine Buchung je Zeile, zum Beispiel:&lt;/p&gt;&lt;pre&gt;%2&lt;/pre&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;date&lt;/b&gt;: JJJJ-MM-TT, ein tatsächliches Kalenderdatum&lt;/li&gt;&lt;li&gt;&lt;b&gt;account&lt;/b&gt;: beliebiger Text, nicht leer&lt;/li&gt;&lt;li&gt;&lt;b&gt;amount&lt;/b&gt;: eine Dezimalzahl mit Punkt, etwa -12.50&lt;/li&gt;&lt;li&gt;&lt;b&gt;currency&lt;/b&gt;: drei Großbuchstaben, etwa EUR&lt;/li&gt;&lt;li&gt;&lt;b&gt;description&lt;/b&gt;: beliebiger Text, darf fehlen; setzen Sie ihn in doppelte Anführungszeichen, wenn er ein Komma enthält, und schreiben Sie ein Anführungszeichen darin doppelt&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Jede Zeile wird geprüft, bevor etwas gespeichert wird. Die erste fehlerhafte Zeile lässt das Hochladen mit ihrer Nummer und dem Fehler scheitern; korrigieren Sie sie und laden Sie die Datei erneut hoch.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>optrack::JsonReader</name>
    <message>
        <source>must be at least %1.</source>
        <translation>muss mindestens %1 sein.</translation>
    </message>
    <message>
        <source>must be at most %1.</source>
        <translation>darf höchstens %1 sein.</translation>
    </message>
    <message>
        <source>must be between %1 and %2.</source>
        <translation>muss zwischen %1 und %2 liegen.</translation>
    </message>
    <message>
        <source>must be a string.</source>
        <translation>muss Text sein.</translation>
    </message>
    <message>
        <source>must be a non-empty string.</source>
        <translation>muss Text sein, der nicht leer ist.</translation>
    </message>
    <message>
        <source>must be a string of at most %1 characters.</source>
        <translation>muss Text mit höchstens %1 Zeichen sein.</translation>
    </message>
    <message>
        <source>must be a non-empty string of at most %1 characters.</source>
        <translation>muss Text mit 1 bis %1 Zeichen sein.</translation>
    </message>
    <message>
        <source>must be a JSON object.</source>
        <translation>muss ein JSON-Objekt sein.</translation>
    </message>
    <message>
        <source>is required.</source>
        <translation>ist erforderlich.</translation>
    </message>
    <message>
        <source>must not be empty.</source>
        <translation>darf nicht leer sein.</translation>
    </message>
    <message>
        <source>must be at most %1 characters long.</source>
        <translation>darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>must be a number.</source>
        <translation>muss eine Zahl sein.</translation>
    </message>
    <message>
        <source>must be a whole number.</source>
        <translation>muss eine ganze Zahl sein.</translation>
    </message>
    <message>
        <source>must be true or false.</source>
        <translation>muss true oder false sein.</translation>
    </message>
    <message>
        <source>must be a JSON array.</source>
        <translation>muss ein JSON-Array sein.</translation>
    </message>
    <message>
        <source>must be an RFC 3339 time.</source>
        <translation>muss eine Zeitangabe nach RFC 3339 sein.</translation>
    </message>
</context>
<context>
    <name>optrack::LocalBootstrap</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht angelegt werden.</translation>
    </message>
</context>
<context>
    <name>optrack::LocalService</name>
    <message>
        <source>The local service (optrackd) was not found next to the app or on PATH. Set OPTRACKD_PATH to its location, or use --server.</source>
        <translation>Der lokale Dienst (optrackd) wurde weder neben der App noch im PATH gefunden. Setzen Sie OPTRACKD_PATH auf seinen Ort oder verwenden Sie --server.</translation>
    </message>
    <message>
        <source>The local service did not start within %1 seconds.</source>
        <translation>Der lokale Dienst ist nicht innerhalb von %1 Sekunden gestartet.</translation>
    </message>
    <message>
        <source>The local service stopped unexpectedly.</source>
        <translation>Der lokale Dienst wurde unerwartet beendet.</translation>
    </message>
    <message>
        <source>The local service did not start: %1</source>
        <translation>Der lokale Dienst ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>The local service ended (exit code %1).</source>
        <translation>Der lokale Dienst wurde beendet (Exit-Code %1).</translation>
    </message>
    <message>
        <source>The local service (%1) could not be started: %2</source>
        <translation>Der lokale Dienst (%1) konnte nicht gestartet werden: %2</translation>
    </message>
</context>
<context>
    <name>optrack::MainWindow</name>
    <message>
        <source>Optrack</source>
        <translation>Optrack</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation>Angemeldet als</translation>
    </message>
    <message>
        <source>Status bar</source>
        <translation>Statusleiste</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Upload file…</source>
        <translation>Datei &amp;hochladen…</translation>
    </message>
    <message>
        <source>Upload a transaction file</source>
        <translation>Eine Buchungsdatei hochladen</translation>
    </message>
    <message>
        <source>&amp;Export data…</source>
        <translation>Daten &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export stored transactions as CSV or JSON</source>
        <translation>Gespeicherte Buchungen als CSV oder JSON exportieren</translation>
    </message>
    <message>
        <source>&amp;Delete file…</source>
        <translation>Datei &amp;löschen…</translation>
    </message>
    <message>
        <source>Ask to delete a stored file (needs approval)</source>
        <translation>Löschen einer gespeicherten Datei beantragen (braucht eine Freigabe)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Ask the service for changes now</source>
        <translation>Den Dienst jetzt nach Änderungen fragen</translation>
    </message>
    <message>
        <source>&amp;Cancel operation…</source>
        <translation>Vorgang a&amp;bbrechen…</translation>
    </message>
    <message>
        <source>Cancel the selected operation</source>
        <translation>Den gewählten Vorgang abbrechen</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Zustimmen</translation>
    </message>
    <message>
        <source>Approve the selected operation</source>
        <translation>Dem gewählten Vorgang zustimmen</translation>
    </message>
    <message>
        <source>De&amp;ny…</source>
        <translation>Ab&amp;lehnen…</translation>
    </message>
    <message>
        <source>Deny the selected operation, with a reason</source>
        <translation>Den gewählten Vorgang mit Begründung ablehnen</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Start the selected operation again</source>
        <translation>Den gewählten Vorgang erneut starten</translation>
    </message>
    <message>
        <source>&amp;Open progress window</source>
        <translation>&amp;Fortschrittsfenster öffnen</translation>
    </message>
    <message>
        <source>Follow the selected operation in its own window</source>
        <translation>Den gewählten Vorgang in einem eigenen Fenster verfolgen</translation>
    </message>
    <message>
        <source>Do&amp;wnload result</source>
        <translation>Ergebnis he&amp;runterladen</translation>
    </message>
    <message>
        <source>Save the selected export&apos;s file</source>
        <translation>Die Datei des gewählten Exports speichern</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Search the operations</source>
        <translation>Die Vorgänge durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Close Optrack</source>
        <translation>Optrack schließen</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Delete file</source>
        <translation>Datei löschen</translation>
    </message>
    <message>
        <source>Open progress</source>
        <translation>Fortschritt öffnen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Operation</source>
        <translation>&amp;Vorgang</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Konto:</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Switch to another account</source>
        <translation>Zu einem anderen Konto wechseln</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>Open progress (co&amp;mpact)</source>
        <translation>Fortschritt öffnen (ko&amp;mpakt)</translation>
    </message>
    <message>
        <source>Follow the selected operation in a small window showing its percentage</source>
        <translation>Den gewählten Vorgang in einem kleinen Fenster mit seinem Prozentwert verfolgen</translation>
    </message>
    <message>
        <source>Approve &amp;selected…</source>
        <translation>&amp;Gewählten zustimmen…</translation>
    </message>
    <message>
        <source>Approve every selected operation waiting for your vote, after a look at the list</source>
        <translation>Jedem gewählten Vorgang zustimmen, der auf Ihre Stimme wartet, nach einem Blick auf die Liste</translation>
    </message>
    <message>
        <source>&amp;Filters sidebar</source>
        <translation>&amp;Filterleiste</translation>
    </message>
    <message>
        <source>Show or fold away the status and type filters</source>
        <translation>Die Filter nach Status und Typ zeigen oder einklappen</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>&amp;Erste Schritte</translation>
    </message>
    <message>
        <source>What an operation is, the accounts, and the transaction file format</source>
        <translation>Was ein Vorgang ist, die Konten und das Format der Buchungsdatei</translation>
    </message>
    <message>
        <source>&amp;About Optrack</source>
        <translation>Ü&amp;ber Optrack</translation>
    </message>
    <message>
        <source>The version of Optrack and what it is for</source>
        <translation>Die Version von Optrack und wofür es da ist</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>You are signed in as %1 (%2).</source>
        <translation>Sie sind angemeldet als %1 (%2).</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Uploading needs the user role</source>
        <translation>Hochladen braucht die Rolle user</translation>
    </message>
    <message>
        <source>Exporting needs the user, staff or admin role</source>
        <translation>Exportieren braucht die Rolle user, staff oder admin</translation>
    </message>
    <message>
        <source>Deleting a file needs the user role (your own files) or admin</source>
        <translation>Eine Datei zu löschen braucht die Rolle user (eigene Dateien) oder admin</translation>
    </message>
    <message>
        <source>About Optrack</source>
        <translation>Über Optrack</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Optrack %1&lt;/h3&gt;&lt;p&gt;Tracks long-running operations (uploads, exports, deletions that wait for approval, and whatever a backend reports) with their progress, steps, time left, votes and history.&lt;/p&gt;&lt;p&gt;Built with Qt %2. Help ▸ Getting started explains the basics.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Optrack %1&lt;/h3&gt;&lt;p&gt;Verfolgt länger laufende Vorgänge (Hochladen, Exporte, Löschungen, die auf eine Freigabe warten, und was immer ein Backend meldet) mit Fortschritt, Schritten, verbleibender Zeit, Stimmen und Verlauf.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2. Hilfe ▸ Erste Schritte erklärt die Grundlagen.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>optrack::MetricsView</name>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
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
        <source>Time window</source>
        <translation>Zeitfenster</translation>
    </message>
    <message>
        <source>&amp;Window:</source>
        <translation>&amp;Zeitfenster:</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Operations by status chart</source>
        <translation>Diagramm der Vorgänge nach Status</translation>
    </message>
    <message>
        <source>Success rate chart</source>
        <translation>Diagramm der Erfolgsquote</translation>
    </message>
    <message>
        <source>Duration chart</source>
        <translation>Diagramm der Dauer</translation>
    </message>
    <message>
        <source>Approval wait chart</source>
        <translation>Diagramm der Wartezeit auf Freigabe</translation>
    </message>
    <message>
        <source>Recent failures</source>
        <translation>Letzte Fehlschläge</translation>
    </message>
    <message>
        <source>Failed at</source>
        <translation>Fehlgeschlagen am</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Click or press Enter to show the operation</source>
        <translation>Klicken oder Eingabetaste drücken, um den Vorgang zu zeigen</translation>
    </message>
    <message>
        <source>Recent &amp;failures</source>
        <translation>Letzte &amp;Fehlschläge</translation>
    </message>
    <message>
        <source>No operations in this window.</source>
        <translation>Keine Vorgänge in diesem Zeitfenster.</translation>
    </message>
    <message>
        <source>1 operation</source>
        <translation>1 Vorgang</translation>
    </message>
    <message>
        <source>%1 operations</source>
        <translation>%1 Vorgänge</translation>
    </message>
    <message>
        <source>of 1 type</source>
        <translation>von 1 Typ</translation>
    </message>
    <message>
        <source>of %1 types</source>
        <translation>von %1 Typen</translation>
    </message>
    <message>
        <source>%1 finished, %2 succeeded</source>
        <translation>%1 beendet, %2 erfolgreich</translation>
    </message>
    <message>
        <source>1 recent failure</source>
        <translation>1 Fehlschlag in letzter Zeit</translation>
    </message>
    <message>
        <source>%1 recent failures</source>
        <translation>%1 Fehlschläge in letzter Zeit</translation>
    </message>
    <message>
        <source>Metrics unavailable: %1</source>
        <translation>Kennzahlen nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Operations by status</source>
        <translation>Vorgänge nach Status</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Success rate (completed of finished)</source>
        <translation>Erfolgsquote (abgeschlossen von beendet)</translation>
    </message>
    <message>
        <source>Completed of finished</source>
        <translation>Abgeschlossen von beendet</translation>
    </message>
    <message>
        <source>%1 (none finished)</source>
        <translation>%1 (keiner beendet)</translation>
    </message>
    <message>
        <source>Median (p50)</source>
        <translation>Median (p50)</translation>
    </message>
    <message>
        <source>Slowest 5 % (p95)</source>
        <translation>Langsamste 5 % (p95)</translation>
    </message>
    <message>
        <source>%1 (none completed)</source>
        <translation>%1 (keiner abgeschlossen)</translation>
    </message>
    <message>
        <source>Duration of completed operations, in %1</source>
        <translation>Dauer abgeschlossener Vorgänge, in %1</translation>
    </message>
    <message>
        <source>Median wait</source>
        <translation>Mittlere Wartezeit</translation>
    </message>
    <message>
        <source>%1 (%2 decided)</source>
        <translation>%1 (%2 entschieden)</translation>
    </message>
    <message>
        <source>Wait for approval: no decisions in this window</source>
        <translation>Wartezeit auf Freigabe: keine Entscheidungen in diesem Zeitfenster</translation>
    </message>
    <message>
        <source>Wait for approval (median), in %1</source>
        <translation>Wartezeit auf Freigabe (Median), in %1</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>%1 zeigen</translation>
    </message>
    <message>
        <source>No failures in this window</source>
        <translation>Keine Fehlschläge in diesem Zeitfenster</translation>
    </message>
    <message>
        <source>Figures as of</source>
        <translation>Zahlen mit Stand</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>Stand %1</translation>
    </message>
    <message>
        <source>%1 (0 %: none completed)</source>
        <translation>%1 (0 %: keiner abgeschlossen)</translation>
    </message>
</context>
<context>
    <name>optrack::NoticeBar</name>
    <message>
        <source>&amp;Got it</source>
        <translation>&amp;Verstanden</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Dismiss the notice</source>
        <translation>Den Hinweis schließen</translation>
    </message>
    <message>
        <source>Put this notice away; it does not come back</source>
        <translation>Diesen Hinweis wegräumen; er kommt nicht wieder</translation>
    </message>
</context>
<context>
    <name>optrack::NotificationBell</name>
    <message>
        <source>Messages: none unread</source>
        <translation>Meldungen: keine ungelesen</translation>
    </message>
    <message numerus="yes">
        <source>Messages: %n unread, a failure among them</source>
        <translation>
            <numerusform>Meldungen: %n ungelesen, darunter ein Fehlschlag</numerusform>
            <numerusform>Meldungen: %n ungelesen, darunter ein Fehlschlag</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Messages: %n unread</source>
        <translation>
            <numerusform>Meldungen: %n ungelesen</numerusform>
            <numerusform>Meldungen: %n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Meldungen</translation>
    </message>
</context>
<context>
    <name>optrack::NotificationList</name>
    <message>
        <source>Messages</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <source>C&amp;lear all</source>
        <translation>Alle &amp;löschen</translation>
    </message>
    <message>
        <source>Clear all messages</source>
        <translation>Alle Meldungen löschen</translation>
    </message>
    <message>
        <source>Messages, newest first</source>
        <translation>Meldungen, neueste zuerst</translation>
    </message>
    <message>
        <source>No messages.</source>
        <translation>Keine Meldungen.</translation>
    </message>
</context>
<context>
    <name>optrack::NotificationPresenter</name>
    <message>
        <source>&amp;Show Optrack</source>
        <translation>Optrack &amp;zeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n läuft</numerusform>
            <numerusform>%n laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>1 needs your vote</source>
        <translation>1 braucht Ihre Stimme</translation>
    </message>
    <message>
        <source>%1 need your vote</source>
        <translation>%1 brauchen Ihre Stimme</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Needs your vote (%1)</source>
        <translation>Braucht Ihre Stimme (%1)</translation>
    </message>
    <message>
        <source>Failed, not yet seen (%1)</source>
        <translation>Fehlgeschlagen, noch nicht angesehen (%1)</translation>
    </message>
</context>
<context>
    <name>optrack::OfflineBanner</name>
    <message>
        <source>&amp;Retry now</source>
        <translation>&amp;Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>Verbindungsproblem</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Offline — retrying in %1 s</source>
        <translation>Offline – neuer Versuch in %1 s</translation>
    </message>
    <message>
        <source>Offline — retrying now</source>
        <translation>Offline – neuer Versuch läuft</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Age of the operations shown</source>
        <translation>Alter der gezeigten Vorgänge</translation>
    </message>
    <message>
        <source>Not responding</source>
        <translation>Antwortet nicht</translation>
    </message>
    <message>
        <source>The operations below are %1 (%2) and may have changed since.</source>
        <translation>Die Vorgänge unten: %1 (%2); sie können sich seitdem geändert haben.</translation>
    </message>
    <message>
        <source>No operations have been loaded from the service yet.</source>
        <translation>Es wurden noch keine Vorgänge vom Dienst geladen.</translation>
    </message>
</context>
<context>
    <name>optrack::OperationDetailPanel</name>
    <message>
        <source>Operation details</source>
        <translation>Details zum Vorgang</translation>
    </message>
    <message>
        <source>Select an operation to see its steps, votes and history.</source>
        <translation>Wählen Sie einen Vorgang, um seine Schritte, Stimmen und seinen Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>No operation selected</source>
        <translation>Kein Vorgang gewählt</translation>
    </message>
    <message>
        <source>Operation name</source>
        <translation>Name des Vorgangs</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Do&amp;wnload result</source>
        <translation>Ergebnis he&amp;runterladen</translation>
    </message>
    <message>
        <source>Download result</source>
        <translation>Ergebnis herunterladen</translation>
    </message>
    <message>
        <source>&amp;Cancel operation…</source>
        <translation>Vorgang a&amp;bbrechen…</translation>
    </message>
    <message>
        <source>Cancel operation</source>
        <translation>Vorgang abbrechen</translation>
    </message>
    <message>
        <source>Open &amp;progress</source>
        <translation>&amp;Fortschritt öffnen</translation>
    </message>
    <message>
        <source>Open progress window</source>
        <translation>Fortschrittsfenster öffnen</translation>
    </message>
    <message>
        <source>Operation facts</source>
        <translation>Angaben zum Vorgang</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Progress and steps</source>
        <translation>Fortschritt und Schritte</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>Aktueller Schritt</translation>
    </message>
    <message>
        <source>Time remaining</source>
        <translation>Verbleibende Zeit</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Prüfpfad</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Der Verlauf wird geladen…</translation>
    </message>
    <message>
        <source>started by %1</source>
        <translation>gestartet von %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Schritt %1 von %2: %3</translation>
    </message>
    <message>
        <source>Ended %1</source>
        <translation>Beendet %1</translation>
    </message>
    <message>
        <source>took %1</source>
        <translation>dauerte %1</translation>
    </message>
    <message>
        <source>Waiting for a decision</source>
        <translation>Wartet auf eine Entscheidung</translation>
    </message>
    <message>
        <source>Time remaining not known yet</source>
        <translation>Verbleibende Zeit noch nicht bekannt</translation>
    </message>
    <message>
        <source>As of %1: %2</source>
        <translation>Stand %1: %2</translation>
    </message>
    <message>
        <source>Your vote was sent. Select the operation again to vote on it.</source>
        <translation>Ihre Stimme wurde gesendet. Wählen Sie den Vorgang erneut, um über ihn abzustimmen.</translation>
    </message>
    <message>
        <source>Vote to approve this operation</source>
        <translation>Für diesen Vorgang stimmen</translation>
    </message>
    <message>
        <source>Vote to deny this operation, with a reason</source>
        <translation>Gegen diesen Vorgang stimmen, mit Begründung</translation>
    </message>
</context>
<context>
    <name>optrack::OperationEventModel</name>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Progress %1%</source>
        <translation>Fortschritt %1 %</translation>
    </message>
    <message>
        <source>Progress %1%: %2</source>
        <translation>Fortschritt %1 %: %2</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Vote by %1</source>
        <translation>Stimme von %1</translation>
    </message>
    <message>
        <source>Decided: %1</source>
        <translation>Entschieden: %1</translation>
    </message>
    <message>
        <source>Cancelled by %1</source>
        <translation>Abgebrochen von %1</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Zeit abgelaufen</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Wiederholt</translation>
    </message>
</context>
<context>
    <name>optrack::OperationHistoryClient</name>
    <message>
        <source>The service does not page by offset.</source>
        <translation>Der Dienst liefert keine Seiten nach Position.</translation>
    </message>
</context>
<context>
    <name>optrack::OperationFeed</name>
    <message>
        <source>The service answered with an older state than the app already has (changes up to version %1, asked for those after %2): a proxy or cache between them may repeat old answers. The app keeps asking.</source>
        <translation>Der Dienst hat mit einem älteren Stand geantwortet, als die App bereits kennt (Änderungen bis Version %1, gefragt waren die nach %2): Ein Proxy oder Cache dazwischen wiederholt womöglich alte Antworten. Die App fragt weiter nach.</translation>
    </message>
</context>
<context>
    <name>optrack::OperationNotifier</name>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The operation failed.</source>
        <translation>Der Vorgang ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>Fertig: %1</translation>
    </message>
    <message>
        <source>Completed.</source>
        <translation>Abgeschlossen.</translation>
    </message>
    <message>
        <source>Your vote is needed</source>
        <translation>Ihre Stimme wird gebraucht</translation>
    </message>
    <message>
        <source>%1 (by %2) waits for approval.</source>
        <translation>%1 (von %2) wartet auf Freigabe.</translation>
    </message>
</context>
<context>
    <name>optrack::OperationProgressDialog</name>
    <message>
        <source>Progress of %1</source>
        <translation>Fortschritt von %1</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Cancel operation</source>
        <translation>Vorgang abbrechen</translation>
    </message>
    <message>
        <source>Ask the service to stop this operation</source>
        <translation>Den Dienst bitten, diesen Vorgang anzuhalten</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Close window</source>
        <translation>Fenster schließen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p %</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>Aktueller Schritt</translation>
    </message>
    <message>
        <source>Time remaining</source>
        <translation>Verbleibende Zeit</translation>
    </message>
    <message>
        <source>Result of the last action</source>
        <translation>Ergebnis der letzten Aktion</translation>
    </message>
    <message>
        <source>Stalled</source>
        <translation>Stockt</translation>
    </message>
    <message>
        <source>Sending your request to the service…</source>
        <translation>Ihre Anfrage wird an den Dienst gesendet…</translation>
    </message>
    <message>
        <source>Waiting for the first update…</source>
        <translation>Warte auf die erste Meldung…</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Working, progress not known yet</source>
        <translation>In Arbeit, Fortschritt noch nicht bekannt</translation>
    </message>
    <message>
        <source>%1% complete</source>
        <translation>%1 % erledigt</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>Download the export</source>
        <translation>Export herunterladen</translation>
    </message>
    <message>
        <source>Save the exported file on this computer</source>
        <translation>Die exportierte Datei auf diesem Computer speichern</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>Open the folder of the saved file</source>
        <translation>Den Ordner der gespeicherten Datei öffnen</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Co&amp;mpact view</source>
        <translation>Ko&amp;mpakte Ansicht</translation>
    </message>
    <message>
        <source>F&amp;ull view</source>
        <translation>&amp;Volle Ansicht</translation>
    </message>
    <message>
        <source>Show only the percentage (remembered for this kind of operation)</source>
        <translation>Nur den Prozentwert zeigen (für diese Art Vorgang gemerkt)</translation>
    </message>
    <message>
        <source>Show the steps, the votes and the details (remembered for this kind of operation)</source>
        <translation>Die Schritte, die Stimmen und die Details zeigen (für diese Art Vorgang gemerkt)</translation>
    </message>
    <message>
        <source>Switch to the compact view</source>
        <translation>Zur kompakten Ansicht wechseln</translation>
    </message>
    <message>
        <source>Switch to the full view</source>
        <translation>Zur vollen Ansicht wechseln</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert unter %1</translation>
    </message>
    <message>
        <source>As of %1: %2</source>
        <translation>Stand %1: %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>optrack::OperationStatus</name>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>optrack::OperationStream</name>
    <message>
        <source>The live connection dropped (%1).</source>
        <translation>Die Live-Verbindung ist abgebrochen (%1).</translation>
    </message>
    <message>
        <source>The service refused the live connection (%1).</source>
        <translation>Der Dienst hat die Live-Verbindung abgewiesen (%1).</translation>
    </message>
    <message>
        <source>The live connection stopped answering.</source>
        <translation>Die Live-Verbindung antwortet nicht mehr.</translation>
    </message>
    <message>
        <source>The service did not answer the live connection in time.</source>
        <translation>Der Dienst hat auf die Live-Verbindung nicht rechtzeitig geantwortet.</translation>
    </message>
</context>
<context>
    <name>optrack::OperationTableModel</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Schritt %1 von %2: %3</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Time remaining</source>
        <translation>Verbleibende Zeit</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Not current: %1, %2</source>
        <translation>Nicht aktuell: %1, %2</translation>
    </message>
</context>
<context>
    <name>optrack::OperationsSidebar</name>
    <message>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>Operation &amp;types</source>
        <translation>Vorgangs&amp;typen</translation>
    </message>
    <message>
        <source>Status filters</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <source>Operation types</source>
        <translation>Vorgangstypen</translation>
    </message>
    <message>
        <source>Check types to show only those; none checked shows all</source>
        <translation>Typen ankreuzen, um nur diese zu zeigen; ohne Kreuz werden alle gezeigt</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Needs my vote</source>
        <translation>Braucht meine Stimme</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>%1: 1 operation</source>
        <translation>%1: 1 Vorgang</translation>
    </message>
    <message>
        <source>%1: %2 operations</source>
        <translation>%1: %2 Vorgänge</translation>
    </message>
</context>
<context>
    <name>optrack::OperationsView</name>
    <message>
        <source>Operations</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Search by name, entity or owner (Ctrl+F)</source>
        <translation>Nach Name, Objekt oder Besitzer suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search operations</source>
        <translation>Vorgänge durchsuchen</translation>
    </message>
    <message>
        <source>Operations shown</source>
        <translation>Gezeigte Vorgänge</translation>
    </message>
    <message>
        <source>Operations table</source>
        <translation>Tabelle der Vorgänge</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Table and details</source>
        <translation>Tabelle und Details</translation>
    </message>
    <message>
        <source>Filters and operations</source>
        <translation>Filter und Vorgänge</translation>
    </message>
    <message>
        <source>1 operation</source>
        <translation>1 Vorgang</translation>
    </message>
    <message>
        <source>%1 operations</source>
        <translation>%1 Vorgänge</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>No operations yet. Start one from the File menu.</source>
        <translation>Noch keine Vorgänge. Starten Sie einen über das Menü Datei.</translation>
    </message>
    <message>
        <source>No operations match these filters.</source>
        <translation>Keine Vorgänge passen zu diesen Filtern.</translation>
    </message>
    <message>
        <source>Columns shown</source>
        <translation>Gezeigte Spalten</translation>
    </message>
</context>
<context>
    <name>optrack::ProgressRing</name>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Working, progress not known yet</source>
        <translation>In Arbeit, Fortschritt noch nicht bekannt</translation>
    </message>
    <message>
        <source>%1 complete</source>
        <translation>%1 erledigt</translation>
    </message>
</context>
<context>
    <name>optrack::ProgressWindows</name>
    <message>
        <source>The service cancelled the operation.</source>
        <translation>Der Dienst hat den Vorgang abgebrochen.</translation>
    </message>
    <message>
        <source>Your approval was recorded.</source>
        <translation>Ihre Zustimmung wurde erfasst.</translation>
    </message>
    <message>
        <source>Your denial was recorded.</source>
        <translation>Ihre Ablehnung wurde erfasst.</translation>
    </message>
</context>
<context>
    <name>optrack::StatusBadge</name>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
</context>
<context>
    <name>optrack::StepIndicator</name>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>No steps</source>
        <translation>Keine Schritte</translation>
    </message>
    <message>
        <source>Not started, 1 step</source>
        <translation>Nicht begonnen, 1 Schritt</translation>
    </message>
    <message>
        <source>Not started, %1 steps</source>
        <translation>Nicht begonnen, %1 Schritte</translation>
    </message>
    <message>
        <source>The step is done</source>
        <translation>Der Schritt ist erledigt</translation>
    </message>
    <message>
        <source>All %1 steps done</source>
        <translation>Alle %1 Schritte erledigt</translation>
    </message>
    <message>
        <source>Step %1 of %2 failed: %3</source>
        <translation>Schritt %1 von %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Schritt %1 von %2: %3</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>Stopped at step %1 of %2: %3</source>
        <translation>Angehalten bei Schritt %1 von %2: %3</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>failed here</source>
        <translation>hier gescheitert</translation>
    </message>
    <message>
        <source>stopped here</source>
        <translation>hier angehalten</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>%1. %2 (%3)</source>
        <translation>%1. %2 (%3)</translation>
    </message>
</context>
<context>
    <name>optrack::TokenStore</name>
    <message>
        <source>No system keychain answered, so Optrack keeps your sign-in tokens in a file that only you can read. To keep them in the keychain instead, install and start one (GNOME Keyring or KWallet), then restart Optrack: the tokens move there by themselves.</source>
        <translation>Kein Schlüsselbund des Systems hat geantwortet, darum bewahrt Optrack Ihre Anmelde-Tokens in einer Datei auf, die nur Sie lesen können. Um sie stattdessen im Schlüsselbund zu halten, installieren und starten Sie einen (GNOME Keyring oder KWallet) und starten Sie Optrack neu: Die Tokens ziehen von selbst dorthin um.</translation>
    </message>
</context>
<context>
    <name>optrack::UploadDialog</name>
    <message>
        <source>Upload a transaction file</source>
        <translation>Eine Buchungsdatei hochladen</translation>
    </message>
    <message>
        <source>A transaction file is CSV in UTF-8. Its first line must be exactly:</source>
        <translation>Eine Buchungsdatei ist CSV in UTF-8. Ihre erste Zeile muss genau so lauten:</translation>
    </message>
    <message>
        <source>Expected first line</source>
        <translation>Erwartete erste Zeile</translation>
    </message>
    <message>
        <source>Then one transaction per line, for example:</source>
        <translation>Danach eine Buchung je Zeile, zum Beispiel:</translation>
    </message>
    <message>
        <source>Example transaction</source>
        <translation>Beispielbuchung</translation>
    </message>
    <message>
        <source>Dates as YYYY-MM-DD, amounts with a point, currencies as three capital letters. Every line is checked before anything is stored.</source>
        <translation>Daten als JJJJ-MM-TT, Beträge mit Punkt, Währungen als drei Großbuchstaben. Jede Zeile wird geprüft, bevor etwas gespeichert wird.</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>File to upload</source>
        <translation>Hochzuladende Datei</translation>
    </message>
    <message>
        <source>Choose a .csv file</source>
        <translation>Eine .csv-Datei wählen</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>Die Datei wählen</translation>
    </message>
    <message>
        <source>&amp;Upload</source>
        <translation>&amp;Hochladen</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Choose a transaction file</source>
        <translation>Eine Buchungsdatei wählen</translation>
    </message>
    <message>
        <source>Transaction files (*.csv);;All files (*)</source>
        <translation>Buchungsdateien (*.csv);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>optrack::UploadProgressDialog</name>
    <message>
        <source>Uploading %1</source>
        <translation>%1 wird hochgeladen</translation>
    </message>
    <message>
        <source>Upload progress</source>
        <translation>Fortschritt des Hochladens</translation>
    </message>
    <message>
        <source>Sending &lt;b&gt;%1&lt;/b&gt; to the service…</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wird an den Dienst gesendet…</translation>
    </message>
    <message>
        <source>Bytes sent</source>
        <translation>Gesendete Bytes</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Cancel upload</source>
        <translation>Hochladen abbrechen</translation>
    </message>
    <message>
        <source>%1 sent</source>
        <translation>%1 gesendet</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; was not sent.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>The upload failed: %1</source>
        <translation>Das Hochladen ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>optrack::VoteDelegate</name>
    <message>
        <source>✓ Approved</source>
        <translation>✓ Zugestimmt</translation>
    </message>
    <message>
        <source>✗ Denied</source>
        <translation>✗ Abgelehnt</translation>
    </message>
    <message>
        <source>No reason given</source>
        <translation>Keine Begründung angegeben</translation>
    </message>
    <message>
        <source>%1 %2 at %3</source>
        <translation>%1 %2 um %3</translation>
    </message>
</context>
<context>
    <name>optrack::VoteListModel</name>
    <message>
        <source>Approve</source>
        <translation>Zustimmen</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Voter</source>
        <translation>Abstimmende Person</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>optrack::WorkActions</name>
    <message>
        <source>Uploading %1</source>
        <translation>%1 wird hochgeladen</translation>
    </message>
    <message>
        <source>Exporting %1 (%2)</source>
        <translation>%1 wird exportiert (%2)</translation>
    </message>
    <message>
        <source>Deleting %1</source>
        <translation>%1 wird gelöscht</translation>
    </message>
    <message>
        <source>Save the export</source>
        <translation>Export speichern</translation>
    </message>
    <message>
        <source>Saved the export to %1.</source>
        <translation>Export gespeichert unter %1.</translation>
    </message>
</context>
</TS>
