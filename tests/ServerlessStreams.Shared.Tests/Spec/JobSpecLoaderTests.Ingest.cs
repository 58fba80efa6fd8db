using ServerlessStreams.Spec;
using System.Text.Json.Nodes;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>The <c>ingest</c> settings of an input task.</summary>
public partial class JobSpecLoaderTests
{
    [Fact]
    public void Ingest_on_an_input_loads_with_its_defaults_and_writes_back_the_same()
    {
        var job = Load(With(j => Task(j, 0)["ingest"] = new JsonObject { ["keyField"] = "user" }));

        Assert.Equal(new IngestSettings { KeyField = "user" }, job.Catalog[0].Ingest);
        Assert.Equal(4 * 1024 * 1024, job.Catalog[0].Ingest!.MaxBodyBytes);
        Assert.Null(job.Catalog[1].Ingest);
        Assert.Equal(job, Load(JobSpecWriter.Write(job)));
    }

    [Fact]
    public void Ingest_applies_only_to_inputs() =>
        Assert.Contains(Errors(With(j => Task(j, 1)["ingest"] = new JsonObject())), e => e.Code == NotApplicable && e.Path == "$.catalog[1].ingest");

    [Fact]
    public void An_ingest_limit_below_one_is_an_error() =>
        Assert.Contains(Errors(With(j => Task(j, 0)["ingest"] = new JsonObject { ["maxBodyBytes"] = 0 })), e => e.Path == "$.catalog[0].ingest.maxBodyBytes");

    [Fact]
    public void A_misspelt_ingest_key_suggests_the_known_one() =>
        Assert.Contains(Errors(With(j => Task(j, 0)["ingest"] = new JsonObject { ["keyfield"] = "user" })),
            e => e.Code == UnknownField && e.Message.EndsWith("did you mean 'keyField'?", StringComparison.Ordinal));
}
