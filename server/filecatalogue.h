#pragma once

#include "filestore.h"
#include "serverconfig.h"

#include <QHash>

#include <vector>

namespace optrack {

/// The stored transaction files the service knows, in memory (loaded from the FileStore at
/// start, kept in step by the upload and deletion workloads), and who may see which.
class FileCatalogue
{
public:
    void load(const std::vector<StoredFile> &files);

    /// The caller's files (staff and admin: everyone's), newest first.
    std::vector<StoredFile> filesFor(const UserAccount &caller) const;
    const StoredFile *file(const QString &fileId) const;
    bool contains(const QString &fileId) const { return m_files.contains(fileId); }
    void insert(const StoredFile &file) { m_files.insert(file.fileId, file); }
    StoredFile take(const QString &fileId) { return m_files.take(fileId); }

    /// A new id for a file: file_ and 16 hex digits.
    static QString newFileId();
    /// Ids the service gives files (newFileId()); a context may carry anything, so ids read
    /// back from one are checked before they become part of a path.
    static bool isFileId(const QString &text);

private:
    QHash<QString, StoredFile> m_files;
};

} // namespace optrack
