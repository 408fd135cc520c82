// The app in German: its own catalogue (compiled from app/translations/optrack_de.ts into the
// resources) and Qt's, loaded for a German locale, reach the views, the models, the client's
// error sentences and the core's status names and times. English needs no catalogue.
#include "apiresults.h"
#include "apistatus.h"
#include "apptranslations.h"
#include "connectionindicator.h"
#include "dashboardfixtures.h"
#include "etaestimator.h"
#include "mainwindow.h"
#include "operationfiltermodel.h"
#include "operationstatus.h"
#include "operationtablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace optrack;
using namespace Qt::StringLiterals;

namespace {

const QLocale german(QLocale::German, QLocale::Germany);
constexpr int lupdateTimeoutMs = 60'000;

/// The texts of a menu bar's menus and their entries.
QStringList menuTexts(const QMenuBar *bar)
{
    QStringList texts;
    for (const QAction *menu : bar->actions()) {
        texts.append(menu->text());
        if (menu->menu()) {
            for (const QAction *entry : menu->menu()->actions())
                texts.append(entry->text());
        }
    }
    return texts;
}

} // namespace

class tst_Translations final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void everySourceTextHasAGermanTranslation();
    void englishNeedsNoCatalogue();
    void viewsStartInGerman();
    void sentencesOutsideTheViewsInGerman();
    void qtsOwnTextsInGerman();

private:
    void removeTranslators();
};

void tst_Translations::init()
{
    removeTranslators();
}

void tst_Translations::cleanup()
{
    removeTranslators();
    QLocale::setDefault(QLocale::c());
}

void tst_Translations::removeTranslators()
{
    const QList<QTranslator *> installed = qApp->findChildren<QTranslator *>();
    for (QTranslator *translator : installed) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

// lupdate run over the sources now, into a copy of the catalogue: a text added or changed
// without its German one (or the catalogue not brought up to date) fails here, not in front
// of a user.
void tst_Translations::everySourceTextHasAGermanTranslation()
{
    QVERIFY(QFileInfo::exists(AppTranslations::catalogueDirectory + u"/optrack_de.qm"_s));
    const QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + u"/lupdate"_s;
    if (!QFileInfo(lupdate).isExecutable())
        QSKIP("lupdate is not installed (Debian: qt6-l10n-tools; scripts/setup installs it)");
    const QString source = QStringLiteral(OPTRACK_SOURCE_DIR);
    QTemporaryDir dir;
    const QString copy = dir.filePath(u"optrack_de.ts"_s);
    QVERIFY(QFile::copy(source + u"/app/translations/optrack_de.ts"_s, copy));
    QProcess process;
    process.setWorkingDirectory(source);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(lupdate,
                  {u"-no-obsolete"_s, u"-locations"_s, u"none"_s, u"-extensions"_s, u"cpp,h"_s,
                   u"core"_s, u"client"_s, u"models"_s, u"views"_s, u"app"_s, u"-ts"_s, copy});
    QVERIFY(process.waitForFinished(lupdateTimeoutMs));
    const QByteArray output = process.readAll();
    QVERIFY2(process.exitCode() == 0, output.constData());
    QVERIFY2(output.contains("(0 new and "), output.constData());
    QFile updated(copy);
    QVERIFY(updated.open(QIODevice::ReadOnly));
    const QByteArray ts = updated.readAll();
    QVERIFY(ts.contains("<message"));
    QVERIFY2(!ts.contains("type=\"unfinished\""),
             "optrack_de.ts lacks translations: cmake --build build --target "
             "update_translations, then translate what it marks unfinished");
}

void tst_Translations::englishNeedsNoCatalogue()
{
    QVERIFY(!AppTranslations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
    QVERIFY(qApp->findChildren<QTranslator *>().isEmpty());
    QCOMPARE(statusLabel(OperationStatus::InProgress), u"In progress"_s);
}

void tst_Translations::viewsStartInGerman()
{
    QLocale::setDefault(german);
    QVERIFY(AppTranslations::install(qApp, german));

    OperationTableModel table;
    OperationFilterModel filter;
    QAbstractItemModelTester tableTester(&table);
    QAbstractItemModelTester filterTester(&filter);
    filter.setSourceModel(&table);
    MainWindow window;
    window.setModels(&table, &filter);
    window.setCurrentUser(u"carol"_s, {u"user"_s, u"approver"_s, u"staff"_s});
    window.setAccounts({u"carol"_s, u"alice"_s}, u"carol"_s);
    window.setMetricsVisible(true);
    window.setConnection({ConnectionState::Live, -1, {}, QDateTime::currentDateTime()});
    table.applyChanges(dashboardfixtures::dashboardOperations());
    table.flushPendingChanges();
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QStringList menus = menuTexts(window.menuBar());
    QVERIFY2(menus.contains(u"&Datei"_s) && menus.contains(u"Datei &hochladen…"_s)
                     && menus.contains(u"&Beenden"_s),
             qPrintable(menus.join(u" | "_s)));
    QVERIFY2(!menus.contains(u"&File"_s), qPrintable(menus.join(u" | "_s)));
    // The table's headers and cells: the model's own texts and the core's status names.
    QCOMPARE(table.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), u"Name"_s);
    QStringList headers;
    for (int column = 0; column < table.columnCount(); ++column)
        headers.append(table.headerData(column, Qt::Horizontal).toString());
    QVERIFY2(headers.contains(u"Verbleibende Zeit"_s) && headers.contains(u"Besitzer"_s),
             qPrintable(headers.join(u" | "_s)));
    QStringList cells;
    for (int row = 0; row < table.rowCount(); ++row) {
        for (int column = 0; column < table.columnCount(); ++column)
            cells.append(table.index(row, column).data().toString());
    }
    QVERIFY2(cells.contains(u"In Arbeit"_s) && cells.contains(u"Wartet auf Freigabe"_s),
             qPrintable(cells.join(u" | "_s)));
    QVERIFY2(!cells.contains(u"In progress"_s), qPrintable(cells.join(u" | "_s)));
    dashboardfixtures::saveScreenshot(&window, u"mainwindow-de"_s);
}

void tst_Translations::sentencesOutsideTheViewsInGerman()
{
    QVERIFY(AppTranslations::install(qApp, german));
    // The client's error sentences, for people.
    const ApiStatus forbidden
            = statusForNetworkError(QNetworkReply::ContentAccessDenied, 403, QString(), QString());
    QCOMPARE(forbidden.message,
             u"Ihr Konto darf das nicht. Bitten Sie eine Administratorin oder einen "
             u"Administrator um die nötige Rolle."_s);
    QCOMPARE(categoryLabel(ErrorCategory::CannotConnect), u"Keine Verbindung"_s);
    // An answer the app cannot read names the field in German too (core's JsonReader).
    FieldError unreadable;
    AcceptedOperation accepted;
    QVERIFY(!decode::accepted(QJsonObject{{u"status"_s, u"pending"_s}}, &accepted, &unreadable));
    QCOMPARE(unreadable.message, u"operationId ist erforderlich."_s);
    QVERIFY2(unreadableStatus(unreadable, 201).message.contains(u"operationId ist erforderlich."_s),
             qPrintable(unreadableStatus(unreadable, 201).message));
    // The core's status names and remaining times (the service, with no catalogue, keeps
    // the English ones of the contract).
    QCOMPARE(statusLabel(OperationStatus::WaitingForApproval), u"Wartet auf Freigabe"_s);
    QCOMPARE(EtaEstimator::describe(120), u"etwa 2 Minuten"_s);
    QCOMPARE(EtaEstimator::describe(2 * 3600 + 60), u"etwa 2 Stunden 1 Minute"_s);
    // The table's and the windows' time left, the whole phrase.
    QCOMPARE(EtaEstimator::describeLeft(120), u"noch etwa 2 Minuten"_s);
    QCOMPARE(EtaEstimator::describeLeft(0), u"fast fertig"_s);
}

void tst_Translations::qtsOwnTextsInGerman()
{
    const QString qtCatalogues = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (!QFileInfo::exists(qtCatalogues + u"/qt_de.qm"_s))
        QSKIP("Qt's German catalogue is not installed (Debian: qt6-translations-l10n; "
              "scripts/setup installs it)");
    QVERIFY(AppTranslations::install(qApp, german));
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), u"Abbrechen"_s);
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
