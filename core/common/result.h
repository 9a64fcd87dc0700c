#pragma once

#include <utility>
#include <variant>

#include <QString>

namespace orch {

// An error that names what was wrong: a field path, a line and column, a value.
struct Error
{
    QString message;
};

// The value of a fallible operation, or the error that prevented it (house style: core I/O and
// parsing return this instead of throwing).
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    // The error message; empty when the result holds a value (so it can be used unconditionally in
    // log and assertion messages).
    const QString& error() const
    {
        static const QString none;
        return ok() ? none : std::get<1>(m_data).message;
    }

private:
    std::variant<T, Error> m_data;
};

// Success without a value.
struct Done
{
};
using Status = Result<Done>;
inline Status success()
{
    return Done {};
}

inline Error fail(QString message)
{
    return Error { std::move(message) };
}

} // namespace orch
