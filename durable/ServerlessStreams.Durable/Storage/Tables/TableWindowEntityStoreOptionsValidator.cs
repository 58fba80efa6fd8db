namespace ServerlessStreams.Durable.Storage.Tables;

/// <summary>Checks the Table store's options once, at start, naming each option that is wrong.</summary>
internal static class TableWindowEntityStoreOptionsValidator
{
    /// <summary>A filter holds at most 15 comparisons; one goes to the PartitionKey.</summary>
    public const int MaxExactDedupeLookupLimit = 14;

    public static IReadOnlyList<string> Validate(TableWindowEntityStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.TableName is not null && !TableNames.IsValid(options.TableName))
        {
            errors.Add($"{nameof(options.TableName)}: '{options.TableName}' is not a valid table name (3 to 63 letters or digits, starting with a letter)");
        }
        if (!TableNames.IsValidPrefix(options.TableNamePrefix))
        {
            errors.Add($"{nameof(options.TableNamePrefix)}: '{options.TableNamePrefix}' must start with a letter and hold 1 to {TableNames.MaxPrefixLength} letters or digits");
        }
        if (options.ExactDedupeLookupLimit is < 0 or > MaxExactDedupeLookupLimit)
        {
            errors.Add($"{nameof(options.ExactDedupeLookupLimit)}: {options.ExactDedupeLookupLimit} must be between 0 and {MaxExactDedupeLookupLimit} (a Table filter holds at most 15 comparisons)");
        }
        return errors;
    }

    public static void ThrowIfInvalid(TableWindowEntityStoreOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid table store options: " + string.Join("; ", errors), nameof(options));
        }
    }
}
