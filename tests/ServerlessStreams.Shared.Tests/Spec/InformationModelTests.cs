using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Spec;
using ServerlessStreams.Spec.Information;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;

namespace ServerlessStreams.Shared.Tests.Spec;

public class InformationModelTests
{
    public static TheoryData<string> ObjectNames => new(InformationModel.Objects.Select(o => o.Name));

    [Fact]
    public void Every_object_and_key_is_documented_once()
    {
        Assert.Equal(InformationModel.Objects.Count, InformationModel.Objects.Select(o => o.Name).Distinct().Count());
        foreach (var obj in InformationModel.Objects)
        {
            Assert.True(IsSentence(obj.Doc), $"{obj.Name}: the doc is not a sentence");
            Assert.Equal(obj.Fields.Count, obj.Fields.Select(f => f.Name).Distinct().Count());
            foreach (var field in obj.Fields)
                Assert.True(IsSentence(field.Doc), $"{obj.Name}.{field.Name}: the doc is not a sentence");
        }
    }

    [Fact]
    public void References_inside_the_model_resolve()
    {
        foreach (var obj in InformationModel.Objects)
        {
            Assert.All(obj.ExactlyOneOf, key => Assert.NotNull(obj.Field(key)));
            foreach (var field in obj.Fields)
            {
                var place = $"{obj.Name}.{field.Name}";
                if (field.Type is SpecValueType.Object or SpecValueType.ObjectArray or SpecValueType.Predicate or SpecValueType.Sync)
                    Assert.True(InformationModel.Objects.Any(o => o.Name == field.ObjectName), $"{place}: no object '{field.ObjectName}'");
                if (field.Choices.Count > 0) Assert.True(field.Type == SpecValueType.String, $"{place}: choices on a {field.Type}");
                if (field.DefaultJson is { } json) JsonNode.Parse(json);
                Assert.False(field.Required && field.DefaultJson is not null, $"{place}: required with a default");
                foreach (var condition in new[] { field.RequiredWhen, field.AppliesWhen }.OfType<SpecCondition>())
                {
                    var sibling = obj.Field(condition.Field);
                    Assert.True(sibling is not null, $"{place}: the condition names no key of {obj.Name}");
                    Assert.All(condition.Values, v => Assert.Contains(v, sibling!.Choices));
                }
            }
        }
    }

    /// <summary>
    /// For every key left out of a small document: when the model still holds a value, the information model
    /// must document that default, and writing the documented default explicitly must load the same model.
    /// </summary>
    [Theory]
    [MemberData(nameof(ObjectNames))]
    public void Every_key_with_a_default_documents_it(string objectName)
    {
        var (document, element, _) = Sample(objectName);
        var original = Model(objectName, Load(document.ToJsonString()));
        foreach (var field in InformationModel.Get(objectName).Fields.Where(f => !element.ContainsKey(f.Name)))
        {
            var value = Property(original!, field).GetValue(original);
            if (field.DefaultJson is null)
            {
                Assert.True(value is null, $"{objectName}.{field.Name} defaults to {Show(value)}, but the information model documents no default");
                continue;
            }

            element[field.Name] = JsonNode.Parse(field.DefaultJson);
            var explicitDefault = Model(objectName, Load(document.ToJsonString()));
            element.Remove(field.Name);
            Assert.True(Equals(original, explicitDefault),
                $"{objectName}.{field.Name}: the documented default {field.DefaultJson} loads differently from leaving the key out");
        }
    }

    /// <summary>Every property of the model is a key of the information model, so neither can grow alone.</summary>
    [Theory]
    [MemberData(nameof(ObjectNames))]
    public void Every_model_property_is_a_documented_key(string objectName)
    {
        var (_, _, modelType) = Sample(objectName);
        var fields = InformationModel.Get(objectName).Fields;
        var properties = modelType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.Name != "EqualityContract" && !NotKeys.Contains((modelType.Name, p.Name)));
        foreach (var property in properties)
            Assert.True(fields.Any(f => PropertyName(f) == property.Name), $"{modelType.Name}.{property.Name} is not a key of {objectName}");
        foreach (var field in fields) Property(modelType, field);
    }

    // Model properties that are not keys: the kind of window key comes from the lengths' JSON type, a registered
    // predicate's name is the string form of pred.
    private static readonly HashSet<(string Type, string Property)> NotKeys = [("WindowSpec", "KeyKind"), ("PredicateSpec", "Name")];

    private static (JsonObject Document, JsonObject Element, Type ModelType) Sample(string objectName)
    {
        var job = Parse(Minimal);
        JsonObject Add(string key, JsonObject value) => (JsonObject)(job[key] = value);
        return objectName switch
        {
            InformationModel.Job => (job, job, typeof(JobSpec)),
            InformationModel.CatalogEntry => (job, Task(job, 1), typeof(TaskSpec)),
            InformationModel.Ingest => (job, (JsonObject)(Task(job, 0)["ingest"] = new JsonObject()), typeof(IngestSettings)),
            InformationModel.Window => (job, Window(job), typeof(WindowSpec)),
            InformationModel.Trigger => (job, Trigger(job), typeof(TriggerSpec)),
            InformationModel.Sync => (job, (JsonObject)(Trigger(job)["sync"] = new JsonObject { ["table"] = "Views" }), typeof(SyncSpec)),
            InformationModel.Pred => (job, PunctuationPred(job), typeof(PredicateSpec)),
            InformationModel.FlowCondition => (job, FlowCondition(job), typeof(ServerlessStreams.Spec.FlowCondition)),
            InformationModel.Time => (job, Add("time", []), typeof(TimeSettings)),
            InformationModel.DeadLetter => (job, Add("deadLetter", new JsonObject { ["topic"] = "dead" }), typeof(Destination)),
            InformationModel.LateData => (job, Add("lateData", new JsonObject { ["topic"] = "late" }), typeof(Destination)),
            _ => throw new ArgumentException($"no sample for {objectName}; add one here", nameof(objectName)),
        };
    }

    private static object? Model(string objectName, JobSpec job) => objectName switch
    {
        InformationModel.Job => job,
        InformationModel.CatalogEntry => job.Catalog[1],
        InformationModel.Ingest => job.Catalog[0].Ingest,
        InformationModel.Window => job.Windows[0],
        InformationModel.Trigger => job.Triggers[0],
        InformationModel.Sync => job.Triggers[0].Sync,
        InformationModel.Pred => job.Triggers[0].Pred,
        InformationModel.FlowCondition => job.FlowConditions[0],
        InformationModel.Time => job.Time,
        InformationModel.DeadLetter => job.DeadLetter,
        InformationModel.LateData => job.LateData,
        _ => throw new ArgumentException($"no model for {objectName}", nameof(objectName)),
    };

    private static JsonObject PunctuationPred(JsonObject job)
    {
        Trigger(job)["on"] = "punctuation";
        return (JsonObject)(Trigger(job)["pred"] = new JsonObject { ["field"] = "type", ["equals"] = "logout" });
    }

    private static JsonObject FlowCondition(JsonObject job)
    {
        var condition = new JsonObject
        {
            ["from"] = "fn", ["to"] = new JsonArray("out"), ["pred"] = new JsonObject { ["field"] = "ok", ["equals"] = true },
        };
        job["flowConditions"] = new JsonArray(condition);
        return condition;
    }

    private static PropertyInfo Property(object model, SpecField field) => Property(model.GetType(), field);

    private static PropertyInfo Property(Type type, SpecField field) =>
        type.GetProperty(PropertyName(field)) ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no property {PropertyName(field)} for the key {field.Name}");

    private static string PropertyName(SpecField field) =>
        field.Name == "equals" ? "EqualsJson" : char.ToUpperInvariant(field.Name[0]) + field.Name[1..];

    private static string Show(object? value) => value is null ? "null" : JsonSerializer.Serialize(value, value.GetType());

    private static bool IsSentence(string text) => text.Length > 0 && (char.IsUpper(text[0]) || text[0] == '`') && text.EndsWith('.');
}
