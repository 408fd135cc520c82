#include "filecatalogue.h"

#include "accessrules.h"

#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace optrack {

using namespace Qt::StringLiterals;

void FileCatalogue::load(const std::vector<StoredFile> &files)
{
    for (const StoredFile &file : files)
        m_files.insert(file.fileId, file);
}

std::vector<StoredFile> FileCatalogue::filesFor(const UserAccount &caller) const
{
    const bool everyone = access::seesEveryOperation(caller.roles);
    std::vector<StoredFile> files;
    for (const StoredFile &file : m_files) {
        if (everyone || file.owner == caller.userId)
            files.push_back(file);
    }
    std::sort(files.begin(), files.end(), [](const StoredFile &a, const StoredFile &b) {
        return a.uploadedAt != b.uploadedAt ? a.uploadedAt > b.uploadedAt : a.fileId < b.fileId;
    });
    return files;
}

const StoredFile *FileCatalogue::file(const QString &fileId) const
{
    const auto it = m_files.constFind(fileId);
    return it == m_files.cend() ? nullptr : &*it;
}

QString FileCatalogue::newFileId()
{
    return u"file_"_s
            + QString::number(QRandomGenerator::system()->generate64(), 16)
                      .rightJustified(16, u'0');
}

bool FileCatalogue::isFileId(const QString &text)
{
    static const QRegularExpression pattern(u"\\Afile_[0-9a-f]{16}\\z"_s);
    return pattern.match(text).hasMatch();
}

} // namespace optrack
