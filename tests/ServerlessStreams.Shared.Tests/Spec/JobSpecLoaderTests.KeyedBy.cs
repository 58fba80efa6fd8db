using System.Text.Json.Nodes;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>The <c>keyedBy</c> declaration of an input task.</summary>
public partial class JobSpecLoaderTests
{
    [Fact]
    public void KeyedBy_on_an_input_loads_as_field_names_and_writes_back_the_same()
    {
        var one = Load(With(j => Task(j, 0)["keyedBy"] = "user"));
        var two = Load(With(j => Task(j, 0)["keyedBy"] = new JsonArray("region", "user")));

        Assert.Equal(new EquatableArray<string>(["user"]), one.Catalog[0].KeyedBy);
        Assert.Equal(new EquatableArray<string>(["region", "user"]), two.Catalog[0].KeyedBy);
        Assert.Null(one.Catalog[1].KeyedBy);
        Assert.Equal(one, Load(JobSpecWriter.Write(one)));
        Assert.Equal(two, Load(JobSpecWriter.Write(two)));
    }

    [Fact]
    public void KeyedBy_applies_only_to_inputs() =>
        Assert.Contains(Errors(With(j => Task(j, 1)["keyedBy"] = "user")), e => e.Code == NotApplicable && e.Path == "$.catalog[1].keyedBy");

    [Fact]
    public void An_empty_keyedBy_is_an_error() =>
        Assert.Contains(Errors(With(j => Task(j, 0)["keyedBy"] = new JsonArray())), e => e.Path == "$.catalog[0].keyedBy");

    [Fact]
    public void The_ingestion_key_field_keys_the_input_when_keyedBy_is_absent()
    {
        var job = Load(With(j => Task(j, 0)["ingest"] = new JsonObject { ["keyField"] = "user" }));

        Assert.Null(job.Catalog[0].KeyedBy);
        Assert.Equal(new EquatableArray<string>(["user"]), job.Catalog[0].PartitionedBy);
        Assert.Null(job.Catalog[1].PartitionedBy);
    }

    [Fact]
    public void KeyedBy_naming_the_ingestion_key_field_is_fine_and_another_field_is_an_error()
    {
        Assert.Empty(Errors(With(j =>
        {
            Task(j, 0)["ingest"] = new JsonObject { ["keyField"] = "user" };
            Task(j, 0)["keyedBy"] = new JsonArray("user");
        })));
        AssertOnlyError(
            With(j =>
            {
                Task(j, 0)["ingest"] = new JsonObject { ["keyField"] = "user" };
                Task(j, 0)["keyedBy"] = "page";
            }),
            ConflictingFields, "$.catalog[0].keyedBy",
            "the ingestion keys records by 'user' (ingest.keyField), so keyedBy must be \"user\" or absent");
    }
}
