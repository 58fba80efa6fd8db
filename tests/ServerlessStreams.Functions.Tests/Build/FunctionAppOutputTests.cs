using System.Text.Json.Nodes;
using Election;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.Functions.Tests.Build;

/// <summary>The built app folder holds what the Functions host needs to start the worker and load its functions.</summary>
public sealed class FunctionAppOutputTests(FunctionAppOutputTests.BuiltApp app) : IClassFixture<FunctionAppOutputTests.BuiltApp>
{
    private const string ExtensionInformation = "Microsoft.Azure.Functions.Worker.Extensions.Abstractions.ExtensionInformationAttribute";

    private JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(app.Output, file)))!;

    [Fact]
    public void Worker_config_starts_the_app_with_dotnet_and_asks_the_worker_for_its_functions()
    {
        var description = Read("worker.config.json")["description"]!;

        Assert.Equal("dotnet-isolated", description["language"]!.GetValue<string>());
        Assert.Equal("dotnet", description["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal("Election.dll", description["defaultWorkerPath"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(app.Output, "Election.dll")));
        // With worker indexing the host asks the worker (FunctionsMetadataRequest) and does not read functions.metadata.
        Assert.Equal("true", description["workerIndexing"]!.GetValue<string>());
    }

    [Fact]
    public void Functions_metadata_declares_nothing_the_worker_does_not_report()
    {
        // No method is marked [Function]: every function comes from the job spec at start-up, so the build-time file is
        // empty and cannot duplicate or contradict what the worker reports.
        Assert.Empty(Read("functions.metadata").AsArray());
    }

    [Fact]
    public void The_worker_reports_functions_whose_entry_points_are_in_the_app_folder()
    {
        var metadata = JobFunctionMetadataProvider.Describe(ElectionSample.Load(), GenerationOptions.Default);

        Assert.All(metadata, function =>
        {
            Assert.True(File.Exists(Path.Combine(app.Output, function.ScriptFile!)), function.ScriptFile);
            var dot = function.EntryPoint!.LastIndexOf('.');
            var type = typeof(JobFunctions).Assembly.GetType(function.EntryPoint[..dot]);
            Assert.True(type?.GetMethod(function.EntryPoint[(dot + 1)..]) is not null, $"{function.EntryPoint} is no method of {function.ScriptFile}");
            Assert.Equal(Path.GetFileName(typeof(JobFunctions).Assembly.Location), function.ScriptFile);
        });
    }

    [Fact]
    public void The_worker_runs_functions_with_its_own_executor()
    {
        // The SDK's generated executor runs only [Function] methods and does nothing for any other entry point, so a
        // build that generated it would report the job's functions and then skip every invocation.
        var types = AssemblyAttributes.DefinedTypes(Path.Combine(app.Output, "Election.dll"));

        Assert.DoesNotContain(types, t => t.EndsWith(".DirectFunctionExecutor", StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_finds_the_app_files_and_its_extensions()
    {
        Assert.True(File.Exists(Path.Combine(app.Output, "host.json")));
        Assert.Empty(HostJsonChecker.CheckFile(Path.Combine(app.Output, "host.json"), ElectionSample.Load()));
        Assert.True(File.Exists(Path.Combine(app.Output, "job.json")));
        var extensions = Read("extensions.json")["extensions"]!.AsArray();
        Assert.All(extensions, e => Assert.True(
            File.Exists(Path.Combine(app.Output, e!["hintPath"]!.GetValue<string>())), e["hintPath"]!.GetValue<string>()));
    }

    [Fact]
    public void A_default_build_names_no_kafka_extension()
    {
        Assert.DoesNotContain(AssemblyAttributes.Read(Path.Combine(app.Output, "Election.dll")), a => a.Type == ExtensionInformation);
    }

    [Fact]
    public void The_build_switch_names_the_hosts_kafka_extension_for_implicit_registration()
    {
        var attribute = Assert.Single(AssemblyAttributes.Read(app.SwitchedAssembly), a => a.Type == ExtensionInformation);
        Assert.Equal<object?>(["Microsoft.Azure.WebJobs.Extensions.Kafka", KafkaExtension.Version, true], attribute.Arguments);
    }

    /// <summary>The app as a default build leaves it, and its assembly as a build with the Kafka extension switch compiles it.</summary>
    public sealed class BuiltApp : IAsyncLifetime
    {
        private readonly TemporaryDirectory _folder = new();

        public string Output { get; private set; } = "";

        public string SwitchedAssembly { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var artifacts = Path.Combine(_folder.Path, "artifacts");
            var built = await AppBuild.RunAsync(artifacts, appOnly: false);
            Output = Path.Combine(_folder.Path, "default");
            CopyDirectory(built, Output);
            // _FunctionsBuildEnabled=false skips restoring the extension, which this machine cannot; the attribute is what
            // makes the SDK restore it into .azurefunctions/ when it is on.
            var switched = await AppBuild.RunAsync(artifacts, appOnly: true, "ServerlessStreamsKafkaExtension=true", "_FunctionsBuildEnabled=false");
            SwitchedAssembly = Path.Combine(switched, "Election.dll");
        }

        private static void CopyDirectory(string from, string to)
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
