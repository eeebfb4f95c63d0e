// The default credentials chain: explicit -> environment -> shared files -> EC2 instance
// profile. A source that has nothing lets the chain move on; a source that is there but
// broken stops it. The first credentials found are kept: static ones for the provider's
// life, instance-profile ones refreshed before they expire. A niam user named: the niam
// auth file is the only source.
#include <mutex>

#include "awsrest/http.hpp"
#include "awsrest/imds.hpp"
#include "credentials/imds_provider.hpp"
#include "credentials/limits.hpp"
#include "credentials/sources.hpp"

namespace awsrest {

namespace {

class DefaultCredentialsChain final : public CredentialsProvider {
  public:
    explicit DefaultCredentialsChain(CredentialsChainOptions options)
        : options_(std::move(options)), clock_(options_.clock != nullptr ? *options_.clock : system_clock()) {
        if (!options_.env) options_.env = [](const std::string&) { return std::optional<std::string>{}; };
    }

    Result<Credentials> credentials() override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (static_) return *static_;
        if (imds_pinned_) return imds_->resolve().to_result("IMDS");
        if (!options_.niam_user.empty()) {
            auto result = niam_source().to_result("niam auth file");
            if (result) static_ = *result;
            return result;
        }

        std::string tried;
        auto absent = [&tried](std::string_view source, const std::string& note) {
            if (!tried.empty()) tried += ", ";
            tried += std::string(source) + " (" + note + ")";
        };
        auto failed = [&tried](Error error) {
            if (!tried.empty()) error.message += "; tried before: " + tried;
            return error;
        };
        // Runs one source: true when the chain stops here with `result`.
        Result<Credentials> result = make_error(ErrorKind::Credentials, "");
        auto stops = [&](std::string_view source, SourceOutcome outcome) {
            switch (outcome.state) {
                case SourceOutcome::State::Found: result = std::move(outcome.credentials); return true;
                case SourceOutcome::State::Failed: result = failed(std::move(outcome.error)); return true;
                case SourceOutcome::State::Absent: absent(source, outcome.note); return false;
            }
            return false;
        };

        if (stops("explicit", explicit_source()) || stops("environment", environment_source(options_.env)) ||
            stops("shared files", shared_files_source(options_.env, options_.profile))) {
            if (result) static_ = *result;
            return result;
        }
        if (stops("IMDS", imds_source())) {
            if (result) imds_pinned_ = true;
            return result;
        }
        return make_error(ErrorKind::Credentials, "no credentials: " + tried);
    }

  private:
    SourceOutcome explicit_source() const {
        if (!options_.explicit_credentials) return SourceOutcome::absent("not given");
        Credentials credentials = *options_.explicit_credentials;
        if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
            return SourceOutcome::failed(make_error(
                ErrorKind::Credentials,
                std::string("explicit credentials: the ") +
                    (credentials.access_key_id.empty() ? "access key id" : "secret access key") + " is empty"));
        }
        if (credentials.source.empty()) credentials.source = "explicit";
        return SourceOutcome::found(std::move(credentials));
    }

    // The only source when a user is named: nothing there is an error naming the user.
    SourceOutcome niam_source() const {
        const std::string path = home_path(options_.env, ".awsAuth");
        if (path.empty()) return SourceOutcome::absent("user '" + options_.niam_user + "': HOME not set");
        return niam_auth_file_source(path, options_.niam_user);
    }

    SourceOutcome imds_source() {
        if (!imds_) {
            auto imds_options = ImdsOptions::from_environment(options_.env);
            if (!imds_options) {
                Error error = std::move(imds_options).error();
                error.kind = ErrorKind::Credentials;
                error.message = "IMDS: " + error.message;
                return SourceOutcome::failed(std::move(error));
            }
            if (imds_options->disabled) return SourceOutcome::absent("disabled by AWS_EC2_METADATA_DISABLED");
            imds_options->max_response_bytes = credentials_limits::kMaxImdsResponseBytes;
            HttpClient* http = options_.imds_http;
            if (http == nullptr) {
                HttpOptions http_options;
                http_options.connect_timeout = credentials_limits::kImdsConnectTimeout;
                http_options.total_timeout = credentials_limits::kImdsTotalTimeout;
                http_options.max_response_bytes = credentials_limits::kMaxImdsResponseBytes;
                http_options.proxy_from_environment = false;  // a link-local address, never via a proxy
                own_http_ = make_curl_http_client(http_options);
                http = own_http_.get();
            }
            imds_client_ = std::make_unique<ImdsClient>(*http, clock_, std::move(*imds_options));
            imds_ = std::make_unique<ImdsCredentialsProvider>(*imds_client_, clock_, options_.refresh_before_expiry);
        }
        return imds_->resolve();
    }

    CredentialsChainOptions options_;
    Clock& clock_;
    std::mutex mutex_;
    std::optional<Credentials> static_;  // from explicit, environment, shared files or niam auth file
    bool imds_pinned_ = false;
    std::unique_ptr<HttpClient> own_http_;     // before the client that uses it
    std::unique_ptr<ImdsClient> imds_client_;  // before the provider that uses it
    std::unique_ptr<ImdsCredentialsProvider> imds_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> make_default_credentials_chain(CredentialsChainOptions options) {
    return std::make_unique<DefaultCredentialsChain>(std::move(options));
}

}  // namespace awsrest
