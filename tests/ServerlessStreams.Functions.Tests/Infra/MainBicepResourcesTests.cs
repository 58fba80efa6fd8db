using System.Text.Json;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>What main.bicep deploys: the hosting plans, the app's identity and roles, storage, Kafka, monitoring.</summary>
[Collection(BicepCollection.Name)]
public sealed class MainBicepResourcesTests(ElectionDeployment election)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    private DeploymentSnapshot Snapshot => election.Example;

    [Fact]
    public void HostsTheAppOnFlexConsumptionByDefault()
    {
        var plan = Snapshot.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean());

        var site = Snapshot.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.GetProperty("kind").GetString());
        Assert.Equal("SystemAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(site.GetProperty("properties").GetProperty("httpsOnly").GetBoolean());
    }

    [Fact]
    public void ConfiguresTheFlexRuntimeScaleAndDeploymentStorage()
    {
        var config = Snapshot.Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig");

        var storage = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("SystemAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal(100, config.GetProperty("scaleAndConcurrency").GetProperty("maximumInstanceCount").GetInt32());
        Assert.Equal(2048, config.GetProperty("scaleAndConcurrency").GetProperty("instanceMemoryMB").GetInt32());
    }

    [Fact]
    public async Task PassesRuntimeAndScaleParametersThrough()
    {
        var snapshot = await DeploymentSnapshot.OfParametersAsync(ElectionParameters.With(
            "param runtimeName = 'dotnet-isolated'",
            "param runtimeVersion = '9.0'",
            "param maximumInstanceCount = 40",
            "param instanceMemoryMB = 4096"));

        var config = snapshot.Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig");
        Assert.Equal("9.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal(40, config.GetProperty("scaleAndConcurrency").GetProperty("maximumInstanceCount").GetInt32());
        Assert.Equal(4096, config.GetProperty("scaleAndConcurrency").GetProperty("instanceMemoryMB").GetInt32());
    }

    [Fact]
    public void HostsTheAppOnElasticPremiumWhenAsked()
    {
        var snapshot = election.Alternative;

        var plan = snapshot.Single("Microsoft.Web/serverfarms");
        Assert.Equal("EP1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("ElasticPremium", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.Equal("elastic", plan.GetProperty("kind").GetString());
        var properties = snapshot.Single("Microsoft.Web/sites").GetProperty("properties");
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("functionAppConfig").ValueKind);
        Assert.True(properties.GetProperty("siteConfig").GetProperty("functionsRuntimeScaleMonitoringEnabled").GetBoolean());
        Assert.Equal("DOTNET-ISOLATED|10.0", properties.GetProperty("siteConfig").GetProperty("linuxFxVersion").GetString());
        var package = snapshot.AppSettings()["WEBSITE_RUN_FROM_PACKAGE"];
        Assert.EndsWith("app.zip')]", package, StringComparison.Ordinal);
    }

    [Fact]
    public void LocksTheStorageAccountToIdentitiesAndTls12()
    {
        var properties = Snapshot.Single("Microsoft.Storage/storageAccounts").GetProperty("properties");

        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        var container = Snapshot.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", container.GetProperty("properties").GetProperty("publicAccess").GetString());
    }

    [Fact]
    public void GrantsTheAppIdentityItsDataRoles()
    {
        var assignments = Snapshot.OfType("Microsoft.Authorization/roleAssignments").Select(a => a.GetProperty("properties")).ToList();

        var roles = assignments.Select(p => p.GetProperty("roleDefinitionId").GetString()!.Split('/')[^1]).Order().ToList();
        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher, KeyVaultSecretsUser }.Order(),
            roles);
        Assert.All(assignments, p => Assert.Equal("ServicePrincipal", p.GetProperty("principalType").GetString()));
        Assert.All(assignments, p => Assert.Contains("principalId", p.GetProperty("principalId").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void CreatesAStandardEventHubsNamespaceWithKafka()
    {
        var ns = Snapshot.Single("Microsoft.EventHub/namespaces");

        Assert.Equal("Standard", ns.GetProperty("sku").GetProperty("name").GetString());
        Assert.True(ns.GetProperty("properties").GetProperty("kafkaEnabled").GetBoolean());
        var rule = Snapshot.Single("Microsoft.EventHub/namespaces/authorizationRules").GetProperty("properties");
        Assert.Equal(new[] { "Listen", "Send" }, rule.GetProperty("rights").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void CreatesAnEventHubForEveryTopicTheSampleNames()
    {
        var job = election.Job;
        var topics = job.Catalog.Where(t => t.Medium == Medium.Kafka).Select(t => t.Topic!)
            .Append(job.DeadLetter!.Topic!).Append(job.LateData!.Topic!)
            .Append("election-all-votes-repartition").Append("election-by-candidate-repartition")
            .Order(StringComparer.Ordinal);

        Assert.Equal(topics, Snapshot.NamesOf("Microsoft.EventHub/namespaces/eventhubs").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeclaresTheTopicsGenerateListsForTheSampleWithTheirPartitionsAndRetention()
    {
        var generated = BicepTopicParameters.Generate(election.Job)["parameters"]!;
        var hubs = Snapshot.OfType("Microsoft.EventHub/namespaces/eventhubs")
            .ToDictionary(h => h.GetProperty("name").GetString()!.Split('/')[^1], h => h.GetProperty("properties"));

        var declared = generated["kafkaTasks"]!["value"]!.AsArray().Select(t => t!["topic"]!.GetValue<string>())
            .Concat(generated["extraTopics"]!["value"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(declared.Order(StringComparer.Ordinal), hubs.Keys.Order(StringComparer.Ordinal));
        foreach (var task in generated["kafkaTasks"]!["value"]!.AsArray())
        {
            var hub = hubs[task!["topic"]!.GetValue<string>()];
            Assert.Equal(task["partitions"]?.GetValue<int>() ?? 4, hub.GetProperty("partitionCount").GetInt32());
            Assert.Equal(task["retentionInDays"]?.GetValue<int>() ?? 7, hub.GetProperty("messageRetentionInDays").GetInt32());
        }
        Assert.Equal(1, hubs["election-all-votes-repartition"].GetProperty("partitionCount").GetInt32());
    }

    [Fact]
    public void DeclaresTheConsumerGroupOfEveryGeneratedKafkaTrigger()
    {
        var settings = Snapshot.AppSettings();
        var declared = Snapshot.OfType("Microsoft.EventHub/namespaces/eventhubs/consumergroups")
            .Select(g => string.Join('/', g.GetProperty("name").GetString()!.Split('/')[1..]))
            .ToList();

        var triggers = JobFunctionCatalog.For(election.Job)
            .SelectMany(f => f.Bindings)
            .Where(b => (string?)b["type"] == "kafkaTrigger")
            .ToList();

        Assert.NotEmpty(triggers);
        foreach (var trigger in triggers)
        {
            var topicSetting = ((string)trigger!["topic"]!).Trim('%');
            Assert.Contains($"{settings[topicSetting]}/{(string)trigger["consumerGroup"]!}", declared);
        }
        Assert.Equal(new[]
        {
            $"votes/{AppSettingNames.ConsumerGroupOf("election", "votes")}",
            $"election-all-votes-repartition/{AppSettingNames.ConsumerGroupOf("election", "all-votes")}",
            $"election-by-candidate-repartition/{AppSettingNames.ConsumerGroupOf("election", "by-candidate")}",
        }, declared);
    }

    [Fact]
    public void CreatesNoEventHubsForAnExternalClusterButStoresItsCredentials()
    {
        var snapshot = election.Alternative;

        Assert.DoesNotContain(snapshot.Resources, r => r.GetProperty("type").GetString()!.StartsWith("Microsoft.EventHub/", StringComparison.Ordinal));
        Assert.Equal(
            new[] { "kafka-password", "kafka-username" },
            snapshot.NamesOf("Microsoft.KeyVault/vaults/secrets").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SendsTelemetryToWorkspaceBasedApplicationInsightsWithEntraOnly()
    {
        var workspace = Snapshot.Single("Microsoft.OperationalInsights/workspaces");
        var component = Snapshot.Single("Microsoft.Insights/components").GetProperty("properties");

        Assert.Contains(workspace.GetProperty("name").GetString()!, component.GetProperty("WorkspaceResourceId").GetString(), StringComparison.Ordinal);
        Assert.True(component.GetProperty("DisableLocalAuth").GetBoolean());
        Assert.Equal("Authorization=AAD", Snapshot.AppSettings()["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public async Task OutputsAppHostBootstrapServersAndStorage()
    {
        using var scratch = new ScratchDirectory();
        InfraPaths.CopyTemplatesTo(scratch.Path);

        var result = await BicepCli.RunAsync(scratch.Path, TimeSpan.FromMinutes(2), "build", "main.bicep", "--stdout");

        Assert.True(result.ExitCode == 0, result.Describe("bicep build main.bicep"));
        using var template = JsonDocument.Parse(result.StandardOutput);
        var outputs = template.RootElement.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToList();
        Assert.Superset(
            new HashSet<string> { "appName", "defaultHostName", "kafkaBootstrapServers", "storageAccountName" },
            outputs.ToHashSet());
    }
}
