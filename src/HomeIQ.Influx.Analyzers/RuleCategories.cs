namespace HomeIQ.Influx.Analyzers;

/// <summary>The categories rules are filed under (the same names the .NET analyzers use).</summary>
internal static class RuleCategories
{
    public const string Reliability = "Reliability";
    public const string Performance = "Performance";
    public const string Security = "Security";
}
