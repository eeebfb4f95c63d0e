// Result<T>: a value or an Error, never an exception across the public API.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace awsrest {

// What went wrong, in the terms a caller acts on. HTTP status, transport failure and
// AWS service error are kept apart, never squeezed into one number.
enum class ErrorKind {
    Network,          // could not connect, timed out, connection dropped, TLS failure
    Http,             // the peer answered with a non-2xx status and no AWS error body
    Service,          // AWS answered with an error code (code/message/request_id set)
    Parse,            // a body, header or file could not be understood
    Credentials,      // no usable credentials, or a credentials source refused
    InvalidArgument,  // the caller asked for something impossible
};

std::string_view to_string(ErrorKind kind) noexcept;

struct Error {
    ErrorKind kind = ErrorKind::InvalidArgument;
    std::string message;     // one line a person can act on; never holds a secret
    int http_status = 0;     // 0 when no HTTP answer arrived
    std::string code;        // AWS error code, e.g. "ThrottlingException"
    std::string request_id;  // AWS request id, when the answer had one

    // "service error ThrottlingException (HTTP 400, request id abc): Rate exceeded"
    std::string describe() const;
};

Error make_error(ErrorKind kind, std::string message);

template <class T>
class [[nodiscard]] Result;

namespace result_detail {
template <class R>
struct is_result : std::false_type {};
template <class U>
struct is_result<Result<U>> : std::true_type {};
}  // namespace result_detail

// A value or an Error. Besides ok()/value()/error():
//   value_or(fallback)  the value, or the fallback when this holds an error;
//   and_then(f)         f(value), itself a Result, or this error as it is (no call of f);
//   transform(f)        Result of f(value), a plain value, or this error as it is.
// So "if (!x) return std::move(x).error(); return parse(*x);" is x.and_then(parse).
template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& { return std::get<1>(state_); }
    Error&& error() && { return std::get<1>(std::move(state_)); }

    template <class U>
    T value_or(U&& fallback) const& {
        return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
    }
    template <class U>
    T value_or(U&& fallback) && {
        return ok() ? std::move(*this).value() : static_cast<T>(std::forward<U>(fallback));
    }

    template <class F>
    auto and_then(F&& f) const& {
        using R = std::remove_cvref_t<std::invoke_result_t<F, const T&>>;
        static_assert(result_detail::is_result<R>::value, "and_then: f must return a Result");
        if (!ok()) return R(error());
        return std::invoke(std::forward<F>(f), value());
    }
    template <class F>
    auto and_then(F&& f) && {
        using R = std::remove_cvref_t<std::invoke_result_t<F, T&&>>;
        static_assert(result_detail::is_result<R>::value, "and_then: f must return a Result");
        if (!ok()) return R(std::move(*this).error());
        return std::invoke(std::forward<F>(f), std::move(*this).value());
    }

    template <class F>
    auto transform(F&& f) const& {
        using U = std::remove_cvref_t<std::invoke_result_t<F, const T&>>;
        if (!ok()) return Result<U>(error());
        if constexpr (std::is_void_v<U>) {
            std::invoke(std::forward<F>(f), value());
            return Result<U>();  // U is void here; dependent, so the specialization below is used
        } else {
            return Result<U>(std::invoke(std::forward<F>(f), value()));
        }
    }
    template <class F>
    auto transform(F&& f) && {
        using U = std::remove_cvref_t<std::invoke_result_t<F, T&&>>;
        if (!ok()) return Result<U>(std::move(*this).error());
        if constexpr (std::is_void_v<U>) {
            std::invoke(std::forward<F>(f), std::move(*this).value());
            return Result<U>();  // U is void here; dependent, so the specialization below is used
        } else {
            return Result<U>(std::invoke(std::forward<F>(f), std::move(*this).value()));
        }
    }

  private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}

    bool ok() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    const Error& error() const& { return error_; }
    Error&& error() && { return std::move(error_); }

    // f(), itself a Result, when this is a success; this error as it is otherwise.
    template <class F>
    auto and_then(F&& f) const& {
        using R = std::remove_cvref_t<std::invoke_result_t<F>>;
        static_assert(result_detail::is_result<R>::value, "and_then: f must return a Result");
        if (!ok_) return R(error_);
        return std::invoke(std::forward<F>(f));
    }
    template <class F>
    auto and_then(F&& f) && {
        using R = std::remove_cvref_t<std::invoke_result_t<F>>;
        static_assert(result_detail::is_result<R>::value, "and_then: f must return a Result");
        if (!ok_) return R(std::move(error_));
        return std::invoke(std::forward<F>(f));
    }

  private:
    Error error_;
    bool ok_ = true;
};

}  // namespace awsrest
