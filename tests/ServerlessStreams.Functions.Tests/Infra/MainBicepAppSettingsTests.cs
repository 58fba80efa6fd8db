using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>
/// The app settings main.bicep gives the function app are exactly the names the app (AppSettingNames) and its
/// functions' bindings read, with identity-based storage and Kafka credentials from Key Vault.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed partial class MainBicepAppSettingsTests(ElectionDeployment election)
{
    private static readonly string[] MonitoringSettings =
        ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    private static readonly string[] PremiumSettings =
        ["FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME", "WEBSITE_RUN_FROM_PACKAGE"];

    private IReadOnlyDictionary<string, string> Settings => election.Example.AppSettings();

    [Fact]
    public void SetsEverySettingTheAppReads()
    {
        var missing = AppReadSettings().Except(AppSettingNames.Optional).Except(Settings.Keys).ToList();

        Assert.True(missing.Count == 0, $"main.bicep does not set {string.Join(", ", missing)} (AppSettingNames)");
    }

    [Fact]
    public void SetsTheIngestionLimitsOnlyWhenGiven()
    {
        var alternative = election.Alternative.AppSettings();

        Assert.DoesNotContain(AppSettingNames.IngestMaxBodyBytes, Settings.Keys);
        Assert.DoesNotContain(AppSettingNames.IngestMaxRecordBytes, Settings.Keys);
        Assert.Equal($"{ElectionDeployment.IngestMaxBodyBytes}", alternative[AppSettingNames.IngestMaxBodyBytes]);
        Assert.Equal($"{ElectionDeployment.IngestMaxRecordBytes}", alternative[AppSettingNames.IngestMaxRecordBytes]);
    }

    [Fact]
    public void LeavesOutTheStorageConnectionString()
    {
        Assert.DoesNotContain(AppSettingNames.Storage, Settings.Keys);
        Assert.DoesNotContain(Settings, s => s.Value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Settings, s => s.Value.Contains("SharedAccessSignature", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void ReachesStorageWithTheAppIdentity()
    {
        var account = election.Example.Single("Microsoft.Storage/storageAccounts").GetProperty("name").GetString();

        Assert.Equal(account, Settings[AppSettingNames.StorageAccountName]);
        Assert.Equal("managedidentity", Settings[AppSettingNames.StorageCredential]);
    }

    [Fact]
    public void SetsEverySettingTheGeneratedFunctionsReference()
    {
        var referenced = JobFunctionCatalog.For(election.Job)
            .SelectMany(f => f.Bindings.SelectMany(b => StringValues(b)))
            .SelectMany(value => SettingReference().Matches(value).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.Contains(AppSettingNames.KafkaBrokerList, referenced);
        var missing = referenced.Except(Settings.Keys).ToList();
        Assert.True(missing.Count == 0, $"the functions' bindings refer to %{string.Join("%, %", missing)}% which main.bicep does not set");
    }

    [Fact]
    public void SetsTheTopicOfEveryKafkaTaskOfTheSample()
    {
        var topics = LocalSettingsGenerator.TopicSettings(election.Job);

        Assert.Equal(4, topics.Count);
        foreach (var (setting, topic) in topics)
        {
            Assert.True(Settings.TryGetValue(setting, out var value), $"main.bicep does not set {setting}");
            Assert.Equal(topic, value);
        }
        Assert.Equal("votes", Settings[AppSettingNames.TopicOf("votes")]);
        Assert.Equal("vote-results", Settings[AppSettingNames.TopicOf("results")]);
        Assert.Equal("election-all-votes-repartition", Settings[AppSettingNames.TopicOf("all-votes")]);
        Assert.Equal("election-by-candidate-repartition", Settings[AppSettingNames.TopicOf("by-candidate")]);
    }

    [Fact]
    public void SetsNothingBeyondWhatTheAppAndTheHostRead()
    {
        var known = AppReadSettings().Concat(TopicSettings(election.Job)).Concat(MonitoringSettings).ToHashSet();

        var unknown = Settings.Keys.Except(known).ToList();

        Assert.True(unknown.Count == 0, $"main.bicep sets settings nothing reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ReadsTheKafkaCredentialsFromKeyVault()
    {
        var vault = election.Example.Single("Microsoft.KeyVault/vaults").GetProperty("name").GetString();
        var secrets = election.Example.NamesOf("Microsoft.KeyVault/vaults/secrets");

        foreach (var setting in new[] { AppSettingNames.KafkaUsername, AppSettingNames.KafkaPassword })
        {
            var match = KeyVaultReference().Match(Settings[setting]);
            Assert.True(match.Success, $"{setting} is not a Key Vault reference: {Settings[setting]}");
            Assert.Equal(vault, match.Groups["vault"].Value);
            Assert.Contains(match.Groups["secret"].Value, secrets);
        }
    }

    [Fact]
    public void PointsTheAppAtTheSampleJobSpecInThePackage()
    {
        var path = Settings[AppSettingNames.JobSpecPath];

        Assert.Equal("job.json", path);
        Assert.True(File.Exists(Path.Combine(InfraPaths.RepositoryRoot, "samples", "election", "Election", path)),
            $"the app publishes its job spec beside its executable, but there is no {path} in samples/election/Election");
    }

    [Fact]
    public void NamesTopicSettingsAsTopicOfDoesForAnyTaskName()
    {
        var settings = election.Alternative.AppSettings();

        for (var i = 0; i < ElectionDeployment.OddTaskNames.Length; i++)
        {
            var setting = AppSettingNames.TopicOf(ElectionDeployment.OddTaskNames[i]);
            Assert.True(settings.TryGetValue(setting, out var topic), $"no {setting} for task '{ElectionDeployment.OddTaskNames[i]}'");
            Assert.Equal($"topic-{i}", topic);
        }
    }

    [Fact]
    public void UsesTheExternalBootstrapServersAndPremiumHostSettings()
    {
        var settings = election.Alternative.AppSettings();

        Assert.Equal(ElectionDeployment.ExternalBootstrapServers, settings[AppSettingNames.KafkaBrokerList]);
        Assert.StartsWith("@Microsoft.KeyVault(", settings[AppSettingNames.KafkaPassword], StringComparison.Ordinal);
        Assert.DoesNotContain(settings.Values, v => v.Contains(ElectionDeployment.ExternalPassword, StringComparison.Ordinal));
        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("~4", settings["FUNCTIONS_EXTENSION_VERSION"]);
        var known = AppReadSettings()
            .Concat(TopicSettings(election.Job))
            .Concat(ElectionDeployment.OddTaskNames.Select(AppSettingNames.TopicOf))
            .Concat(MonitoringSettings)
            .Concat(PremiumSettings);
        Assert.Equal(known.Order(StringComparer.Ordinal), settings.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Every name in AppSettingNames, but the connection-string form of storage, which is for local runs.</summary>
    private static IEnumerable<string> AppReadSettings() =>
        typeof(AppSettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(name => name != AppSettingNames.Storage);

    private static IEnumerable<string> TopicSettings(JobSpec job) =>
        LocalSettingsGenerator.TopicSettings(job).Select(p => p.Key);

    private static IEnumerable<string> StringValues(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => StringValues(p.Value)),
        JsonArray a => a.SelectMany(StringValues),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=(?<vault>[^;]+);SecretName=(?<secret>[^)]+)\)$")]
    private static partial Regex KeyVaultReference();
}
