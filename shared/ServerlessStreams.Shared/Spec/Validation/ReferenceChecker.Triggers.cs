using System.Text.Json.Nodes;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Spec.Validation;

internal sealed partial class ReferenceChecker
{
    private void CheckTriggers(JsonObject root)
    {
        UniqueNames(root, "triggers", "id", "trigger id");
        foreach (var (index, trigger) in JsonText.Objects(root, "triggers"))
        {
            var path = ArrayPath("triggers", index);
            if (JsonText.String(trigger, "windowId") is { } windowId && !_windowTypes.ContainsKey(windowId))
                errors.Add(UnknownWindow, JsonPaths.Property(path, "windowId"),
                    $"no window with id '{windowId}'{NearestName.Hint(windowId, _windowTypes.Keys)}");

            CheckPredicate(trigger, path);
            if (trigger["sync"] is JsonObject sync)
                CheckRegistered(sync, "callback", JsonPaths.Property(path, "sync"), registry.Callbacks, UnregisteredCallback, "callback");
            else
                CheckRegistered(trigger, "sync", path, registry.Callbacks, UnregisteredCallback, "callback");
        }
    }
}
