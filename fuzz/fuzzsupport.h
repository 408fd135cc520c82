#pragma once

// Shared by the fuzz targets: the bytes as the types the readers take, quiet Qt logging, and
// a check that stops the run when an invariant breaks (libFuzzer then saves the input).

#include <QByteArray>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace optrack::fuzz {

/// Keeps Qt's warnings about bad input (which every rejected input prints) off the terminal;
/// critical and fatal messages still print. Called by each target on its first input.
void silenceQtWarnings();

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// The JSON object the bytes hold, read as the services and the client read it
/// (QJsonDocument); nullopt when they hold anything else.
std::optional<QJsonObject> jsonObject(const uint8_t *data, size_t size);

/// Targets that read several kinds of input (the request bodies, the client's replies) take
/// the first byte to choose one: the kind whose tag it is, else its value modulo the number of
/// kinds, so that every byte leads somewhere. The seeds of a kind start with its tag.
inline size_t kindOf(uint8_t first, std::string_view tags)
{
    const size_t tagged = tags.find(char(first));
    return tagged != std::string_view::npos ? tagged : first % tags.size();
}

/// The input of a target that reads JSON objects of several kinds: the kind its first byte
/// chooses (kindOf) and the JSON object the rest holds; nullopt when the rest is not one.
struct TaggedJson
{
    size_t kind = 0;
    QJsonObject json;
};
std::optional<TaggedJson> taggedJsonObject(const uint8_t *data, size_t size, std::string_view tags);

/// Prints what broke and aborts: a crash to libFuzzer and to the replay test alike.
[[noreturn]] void failCheck(const char *condition, const char *file, int line);

} // namespace optrack::fuzz

#define OPTRACK_FUZZ_CHECK(condition) \
    ((condition) ? void(0) : optrack::fuzz::failCheck(#condition, __FILE__, __LINE__))
