using System.Text.Json;

namespace ServerlessStreams.Functions.Tests.Infra;

/// <summary>
/// The resources a deployment of main.bicep would create, with every value the CLI can work out before
/// deploying (names, app settings, properties), from <c>bicep snapshot</c> run on a parameter file. Values only
/// known at deployment time stay ARM expressions (<c>[reference(...)]</c>).
/// </summary>
internal sealed class DeploymentSnapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string ResourceGroup = "rg-serverless-streams";
    public const string Location = "westeurope";

    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromMinutes(2);

    private DeploymentSnapshot(IReadOnlyList<JsonElement> resources) => Resources = resources;

    public IReadOnlyList<JsonElement> Resources { get; }

    /// <summary>The snapshot of the committed example parameter file.</summary>
    public static Task<DeploymentSnapshot> OfExampleAsync() => CreateAsync(parameters: null);

    /// <summary>The snapshot of a parameter file with this content (it starts with <c>using './main.bicep'</c>).</summary>
    public static Task<DeploymentSnapshot> OfParametersAsync(string bicepParam) => CreateAsync(bicepParam);

    public IEnumerable<JsonElement> OfType(string type) =>
        Resources.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    public JsonElement Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"expected one {type} in the deployment, found {matches.Count}");
        return matches[0];
    }

    /// <summary>The last segment of the name of every resource of a type (an event hub's own name, say).</summary>
    public IReadOnlyList<string> NamesOf(string type) =>
        OfType(type).Select(r => r.GetProperty("name").GetString()!.Split('/')[^1]).ToList();

    /// <summary>The function app's settings, name to value.</summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var config = OfType("Microsoft.Web/sites/config")
            .Where(r => r.GetProperty("name").GetString()!.EndsWith("/appsettings", StringComparison.Ordinal))
            .ToList();
        Assert.True(config.Count == 1, $"expected one appsettings resource, found {config.Count}");
        return config[0].GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
    }

    private static async Task<DeploymentSnapshot> CreateAsync(string? parameters)
    {
        using var scratch = new ScratchDirectory();
        InfraPaths.CopyTemplatesTo(scratch.Path);
        var parameterFile = "main.bicepparam";
        if (parameters is not null)
        {
            parameterFile = "variant.bicepparam";
            await File.WriteAllTextAsync(Path.Combine(scratch.Path, parameterFile), parameters);
        }

        var result = await BicepCli.RunAsync(scratch.Path, SnapshotTimeout,
            "snapshot", parameterFile, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--resource-group", ResourceGroup, "--location", Location);
        var snapshotFile = Path.Combine(scratch.Path, Path.ChangeExtension(parameterFile, ".snapshot.json"));
        if (result.ExitCode != 0 || !File.Exists(snapshotFile))
        {
            throw new InvalidOperationException("bicep snapshot failed on " + parameterFile + "\n" + result.Describe("bicep snapshot"));
        }

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(snapshotFile));
        var diagnostics = document.RootElement.GetProperty("diagnostics");
        Assert.True(diagnostics.GetArrayLength() == 0, $"bicep snapshot reported problems: {diagnostics.GetRawText()}");
        var resources = document.RootElement.GetProperty("predictedResources").EnumerateArray().Select(r => r.Clone()).ToList();
        return new DeploymentSnapshot(resources);
    }
}
