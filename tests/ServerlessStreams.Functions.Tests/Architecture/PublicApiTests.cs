using System.Reflection;
using PublicApiGenerator;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Architecture;

/// <summary>
/// Each package's public API against its committed baseline (Architecture/PublicApi/&lt;assembly&gt;.txt): a change to
/// what users may call is a change to the baseline, made on purpose. To accept one, run these tests with
/// <c>SERVERLESSSTREAMS_ACCEPT_API=1</c>, which rewrites the baselines, and commit them.
/// </summary>
public sealed class PublicApiTests
{
    private const string AcceptVariable = "SERVERLESSSTREAMS_ACCEPT_API";

    public static TheoryData<string> Packages() =>
    [
        typeof(ServerlessStreams.Spec.JobSpec).Assembly.GetName().Name!,
        typeof(ServerlessStreams.Durable.Entities.EntityApplier).Assembly.GetName().Name!,
        typeof(ServerlessStreams.Functions.ServerlessStreamsApp).Assembly.GetName().Name!,
        typeof(ServerlessStreams.Local.Cli.LocalCli).Assembly.GetName().Name!,
        typeof(ServerlessStreams.Testing.JobTestDriver).Assembly.GetName().Name!,
    ];

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_public_api_is_the_committed_one(string assemblyName)
    {
        var api = Normalize(Assembly.Load(assemblyName).GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
        var baseline = Path.Combine(FixtureFiles.RepositoryRoot, "tests", "ServerlessStreams.Functions.Tests", "Architecture", "PublicApi", assemblyName + ".txt");
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(baseline)!);
            File.WriteAllText(baseline, api);
        }

        Assert.True(File.Exists(baseline), $"no baseline at {baseline}; run the tests with {AcceptVariable}=1 to write it");
        var expected = Normalize(File.ReadAllText(baseline));
        Assert.True(expected == api, $"{assemblyName}'s public API is not the one in {baseline}:\n{FirstDifference(expected, api)}\n" +
                                     $"If the change is meant, run the tests with {AcceptVariable}=1 and commit the baseline.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var before = expected.Split('\n');
        var after = actual.Split('\n');
        for (var i = 0; i < Math.Max(before.Length, after.Length); i++)
        {
            var was = i < before.Length ? before[i] : "(end)";
            var now = i < after.Length ? after[i] : "(end)";
            if (was != now) return $"line {i + 1}\n  baseline: {was}\n  now:      {now}";
        }
        return "(no difference)";
    }
}
