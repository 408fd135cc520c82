#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace optrack {

/// The app's texts in the user's language: Optrack's own catalogue (built from the .ts
/// sources in app/translations into the program's resources) and Qt's (its dialogs' buttons,
/// context menus and standard texts, from the system's Qt translations). English, the
/// source language, needs neither.
class AppTranslations
{
public:
    /// Where Optrack's catalogues are (optrack_<language>.qm).
    static inline const QString catalogueDirectory = QStringLiteral(":/i18n");

    /// Installs the catalogues for the first of locale's languages that Optrack has one for
    /// (none for English, the source language); true when it found one. Qt's is optional
    /// (Debian: qt6-translations-l10n). Installed translators live as long as app.
    static bool install(QCoreApplication *app, const QLocale &locale = QLocale());
};

} // namespace optrack
