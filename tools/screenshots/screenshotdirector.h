#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <functional>

class QWidget;

namespace optrack {

class AppController;

/// The documentation's screenshots, made from the real app (optrack-screenshots): once
/// signed in as "me" on the embedded service it seeds realistic work through the API
/// (uploads, one with a bad row, an export, a deletion waiting for approval, running
/// operations reporting progress), waits until the dashboard shows it, saves
/// dashboard.png, progress-full.png and progress-percent.png (the compact mode); freezes
/// the service (SIGSTOP) for stale.png and progress-stale.png; switches to approver1 for
/// voting.png and approval.png (the deletion's window with what is decided), and quits.
class ScreenshotDirector final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds stepTimeout{30'000};
    static constexpr std::chrono::milliseconds pollInterval{50};
    /// The pause between two progress reports, so the service can estimate the time left.
    static constexpr std::chrono::milliseconds progressPause{1'500};
    static constexpr QSize windowSize{1280, 800};
    /// How long the service stays frozen past the moment the app noticed, for stale.png.
    static constexpr std::chrono::milliseconds staleAge{4'000};

    ScreenshotDirector(AppController *controller, const QString &outputDir,
                       QObject *parent = nullptr);
    ~ScreenshotDirector() override;

    void start();
    QStringList savedFiles() const { return m_saved; }

signals:
    /// All saved (true) or a step could not be done (false; the reason was logged).
    void finished(bool ok);

private:
    using Step = std::function<void()>;

    void seedUploads();
    void seedExportAndDeletion();
    void seedRunning();
    void reportProgress(int stage);
    void shootDashboard();
    void shootProgressWindows();
    void shootStale();
    void shootVoting();
    void shootApproval();
    /// Lets a service stopped for stale.png go on (also on failure).
    void resumeService();

    void upload(const QString &fileName, const QByteArray &content, QString *operationId,
                const Step &then);
    void createRunning(const QString &type, const QString &name, const QStringList &steps,
                       QString *operationId, const Step &then);
    void patch(const QString &operationId, const QJsonObject &body, const Step &then);
    void waitFor(const QString &what, std::function<bool()> condition, const Step &then);
    bool hasStatus(const QString &operationId, int status) const;
    void select(const QString &operationId, const Step &then);
    void save(QWidget *widget, const QString &name);
    void fail(const QString &reason);

    QPointer<AppController> m_controller;
    QString m_outputDir;
    QTemporaryDir m_files;
    QStringList m_saved;
    bool m_started = false;
    bool m_failed = false;
    /// The local service's process while it is stopped for stale.png.
    qint64 m_frozenPid = 0;

    QString m_goodUpload;
    QString m_secondUpload;
    QString m_badUpload;
    QString m_export;
    QString m_deletion;
    QString m_reconcile;
    QString m_runningExport;
    QString m_reindex;
};

} // namespace optrack
