#include "apptranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QTranslator>

namespace optrack {

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcApp)

namespace {

/// Loads the catalogue prefix_<language> that fits locale best (de_AT, then de) from
/// directory into a translator owned by app; false when there is none.
bool installCatalogue(QCoreApplication *app, const QLocale &locale, const QString &prefix,
                      const QString &directory)
{
    auto *translator = new QTranslator(app);
    if (!translator->load(locale, prefix, u"_"_s, directory)) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}

} // namespace

bool AppTranslations::install(QCoreApplication *app, const QLocale &locale)
{
    // The locale's languages in order (LANGUAGE=de:en wins over LANG=en_US): the first with
    // an Optrack catalogue. Qt's only with ours, so that the window speaks one language.
    if (!installCatalogue(app, locale, u"optrack"_s, catalogueDirectory))
        return false;
    if (!installCatalogue(app, locale, u"qt"_s,
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        qCInfo(lcApp) << "no Qt translation for" << locale.uiLanguages();
    }
    return true;
}

} // namespace optrack
