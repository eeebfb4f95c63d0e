// The shared config/credentials file parser against the behaviour the AWS SDKs agree on
// (their shared profile-parser test descriptions): each row is a config file, a
// credentials file and the profiles expected, written out by hand.
#include <catch2/catch.hpp>

#include "credentials/profile_file.hpp"

namespace {

using awsrest::ProfileFileKind;
using awsrest::ProfileSet;

// "foo{a=1;b=2}bar{}", settings with sub-settings as "s3={name=value}".
std::string describe(const ProfileSet& profiles) {
    std::string out;
    for (const auto& [name, profile] : profiles) {
        out += name + "{";
        bool first = true;
        for (const auto& [setting, value] : profile.settings) {
            if (!first) out += ";";
            first = false;
            out += setting + "=";
            if (value.sub_settings.empty()) {
                out += value.value;
            } else {
                out += "{";
                bool first_sub = true;
                for (const auto& [sub, sub_value] : value.sub_settings) {
                    if (!first_sub) out += ";";
                    first_sub = false;
                    out += sub + "=" + sub_value;
                }
                out += "}";
            }
        }
        out += "}";
    }
    return out;
}

struct Row {
    const char* name;
    const char* config;
    const char* credentials;
    const char* expected;  // nullptr: a parse error
};

awsrest::Result<ProfileSet> load(const Row& row) {
    auto config = awsrest::parse_profile_file(row.config, ProfileFileKind::Config, "config");
    if (!config) return config;
    auto credentials = awsrest::parse_profile_file(row.credentials, ProfileFileKind::Credentials, "credentials");
    if (!credentials) return credentials;
    ProfileSet merged = std::move(config).value();
    awsrest::merge_profiles(merged, *credentials);
    return merged;
}

const Row kRows[] = {
    {"empty files have no profiles", "", "", ""},
    {"empty profiles have no settings", "[profile foo]", "", "foo{}"},
    {"profile headers must end with a bracket", "[profile foo", "", nullptr},
    {"profile names are trimmed", "[profile \tfoo \t]", "", "foo{}"},
    {"a tab may separate 'profile' from the name", "[profile\tfoo]", "", "foo{}"},
    {"settings must be inside a profile", "name = value", "", nullptr},
    {"profiles hold settings", "[profile foo]\nname = value", "", "foo{name=value}"},
    {"CRLF line endings", "[profile foo]\r\nname = value", "", "foo{name=value}"},
    {"equals signs in values", "[profile foo]\nname = val=ue", "", "foo{name=val=ue}"},
    {"UTF-8 in values", "[profile foo]\nname = \xF0\x9F\x98\x82", "", "foo{name=\xF0\x9F\x98\x82}"},
    {"several settings", "[profile foo]\nname = value\nname2 = value2", "", "foo{name=value;name2=value2}"},
    {"names and values are trimmed", "[profile foo]\nname \t=  \tvalue \t", "", "foo{name=value}"},
    {"values may be empty", "[profile foo]\nname =", "", "foo{name=}"},
    {"names may not be empty", "[profile foo]\n= value", "", nullptr},
    {"a setting needs an equals sign", "[profile foo]\nkey : value", "", nullptr},
    {"several empty profiles", "[profile foo]\n[profile bar]", "", "bar{}foo{}"},
    {"several profiles with settings", "[profile foo]\nname = value\n[profile bar]\nname2 = value2", "",
     "bar{name2=value2}foo{name=value}"},
    {"blank lines are skipped", "\t \n[profile foo]\n\t\n \nname = value\n\t \n[profile bar]\n \t", "",
     "bar{}foo{name=value}"},
    {"pound comments", "# Comment\n[profile foo] # Comment\nname = value # Comment with # sign", "", "foo{name=value}"},
    {"semicolon comments", "; Comment\n[profile foo] ; Comment\nname = value ; Comment with ; sign", "",
     "foo{name=value}"},
    {"both comment kinds", "# Comment\n[profile foo] ; Comment\nname = value # Comment with ; sign", "",
     "foo{name=value}"},
    {"empty comments", ";\n[profile foo];\nname = value ;\n", "", "foo{name=value}"},
    {"comments right after a header", "[profile foo]; Adjacent semicolons\n[profile bar]# Adjacent pound signs", "",
     "bar{}foo{}"},
    {"comment characters right after a value are part of it",
     "[profile foo]\nname = value; Adjacent semicolons\nname2 = value# Adjacent pound signs", "",
     "foo{name=value; Adjacent semicolons;name2=value# Adjacent pound signs}"},
    {"indented comment lines are comments", "[profile foo]\nname = value\n  # note\n\t; note", "", "foo{name=value}"},
    {"values continue on indented lines", "[profile foo]\nname = value\n -continued", "",
     "foo{name=value\n-continued}"},
    {"several continuation lines", "[profile foo]\nname = value\n -continued\n -and-continued", "",
     "foo{name=value\n-continued\n-and-continued}"},
    {"continuations are trimmed", "[profile foo]\nname = value\n \t -continued \t ", "", "foo{name=value\n-continued}"},
    {"continuations keep '#'", "[profile foo]\nname = value\n -continued # Comment", "",
     "foo{name=value\n-continued # Comment}"},
    {"continuations keep ';'", "[profile foo]\nname = value\n -continued ; Comment", "",
     "foo{name=value\n-continued ; Comment}"},
    {"no continuation outside a profile", " -continued", "", nullptr},
    {"no continuation without a setting", "[profile foo]\n -continued", "", nullptr},
    {"a header ends the setting to continue", "[profile foo]\nname = value\n[profile foo]\n -continued", "", nullptr},
    {"a repeated profile merges", "[profile foo]\nname = value\n[profile foo]\nname2 = value2", "",
     "foo{name=value;name2=value2}"},
    {"a repeated setting: the last wins", "[profile foo]\nname = value\nname = value2", "", "foo{name=value2}"},
    {"a repeated setting in a repeated profile: the last wins",
     "[profile foo]\nname = value\n[profile foo]\nname = value2", "", "foo{name=value2}"},
    {"[profile default] wins over [default] (first)", "[profile default]\nname = value\n[default]\nname2 = value2", "",
     "default{name=value}"},
    {"[profile default] wins over [default] (last)", "[default]\nname2 = value2\n[profile default]\nname = value", "",
     "default{name=value}"},
    {"[default] alone is the default profile", "[default]\nregion = us-east-1", "", "default{region=us-east-1}"},
    {"invalid profile names are skipped", "[profile in valid]\nname = value", "[in valid 2]\nname2 = value2", ""},
    {"invalid setting names are skipped", "[profile foo]\nin valid = value", "", "foo{}"},
    {"every valid profile name character", "[profile ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_]",
     "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_{}"},
    {"every valid setting name character",
     "[profile foo]\nABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ = value", "",
     "foo{ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=value}"},
    {"sub-settings", "[profile foo]\ns3 =\n name = value", "", "foo{s3={name=value}}"},
    {"a sub-setting needs an equals sign", "[profile foo]\ns3 =\n invalid", "", nullptr},
    {"sub-setting values may be empty", "[profile foo]\ns3 =\n name =", "", "foo{s3={name=}}"},
    {"sub-setting names may not be empty", "[profile foo]\ns3 =\n = value", "", nullptr},
    {"invalid sub-setting names are skipped", "[profile foo]\ns3 =\n in valid = value\n valid = value", "",
     "foo{s3={valid=value}}"},
    {"blank lines between sub-settings", "[profile foo]\ns3 =\n name = value\n\t \n name2 = value2", "",
     "foo{s3={name=value;name2=value2}}"},
    {"a profile in both files merges", "[profile foo]\nname = value", "[foo]\nname2 = value2",
     "foo{name=value;name2=value2}"},
    {"mixed default headers merge with the credentials file",
     "[profile default]\nname = value\n[default]\nname2 = value2\n[profile default]\nname3 = value3",
     "[default]\nsecret=foo", "default{name=value;name3=value3;secret=foo}"},
    {"the credentials file wins over the config file", "[profile foo]\nname = value", "[foo]\nname = value2",
     "foo{name=value2}"},
    {"config sections without 'profile' are skipped", "[foo]\nname = value", "", ""},
    {"credentials sections with 'profile' are skipped", "", "[profile foo]\nname = value", ""},
    {"'profile' must be followed by blank", "[profilefoo]\nname = value\n[profile bar]", "", "bar{}"},
    {"settings of a skipped profile stay out",
     "[profile foo]\nname = value\n[profile in valid]\nx = 1\n[profile bar]\nname = value2", "",
     "bar{name=value2}foo{name=value}"},
    {"blanks inside the brackets", "[   profile foo    ]\nname = value\n[profile bar]", "", "bar{}foo{name=value}"},
    {"blanks inside the brackets, credentials file", "", "[   foo    ]\nname = value\n[profile bar]",
     "foo{name=value}"},
    {"continuations and sub-settings in turn",
     "[default]\nname = value1\n value2 = 12 \n value3\nname2 = value2\nname3 =\n name3_0 = 1", "",
     "default{name=value1\nvalue2 = 12\nvalue3;name2=value2;name3={name3_0=1}}"},
    {"sso-session sections are not profiles", "[sso-session foo]\nname = value1\n[profile foo]\nname2 = value2\n", "",
     "foo{name2=value2}"},
    {"unknown section kinds are skipped",
     "[default]\nregion = us-weast-4\n[foobar my-custom-section]\napple =\n\tbanana = cherry", "",
     "default{region=us-weast-4}"},
    {"a UTF-8 byte order mark is skipped", "\xEF\xBB\xBF[default]\nregion = eu-west-1", "",
     "default{region=eu-west-1}"},
};

}  // namespace

TEST_CASE("credentials: profile files parse as the AWS SDKs parse them", "[credentials]") {
    for (const Row& row : kRows) {
        INFO(row.name);
        auto profiles = load(row);
        if (row.expected == nullptr) {
            REQUIRE_FALSE(profiles.ok());
            CHECK(profiles.error().kind == awsrest::ErrorKind::Parse);
        } else {
            REQUIRE(profiles.ok());
            CHECK(describe(*profiles) == row.expected);
        }
    }
}

TEST_CASE("credentials: profile file errors name the file and line, not the text", "[credentials]") {
    const char* text = "# keys\n[default]\naws_access_key_id = AKID\naws_secret_access_key SECRETVALUE\n";
    auto profiles = awsrest::parse_profile_file(text, ProfileFileKind::Credentials, "/home/x/.aws/credentials");
    REQUIRE_FALSE(profiles.ok());
    CHECK(profiles.error().kind == awsrest::ErrorKind::Parse);
    CHECK(profiles.error().message == "/home/x/.aws/credentials line 4: expected 'name = value'");
}

TEST_CASE("credentials: profile settings remember where they were written", "[credentials]") {
    auto profiles = awsrest::parse_profile_file("[profile dev]\n\nregion = us-west-2\n", ProfileFileKind::Config,
                                                "/etc/aws-config");
    REQUIRE(profiles.ok());
    const awsrest::ProfileSetting* region = profiles->at("dev").find("region");
    REQUIRE(region != nullptr);
    CHECK(region->source == "/etc/aws-config");
    CHECK(region->line == 3);
}
