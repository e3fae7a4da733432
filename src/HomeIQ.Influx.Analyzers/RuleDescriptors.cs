namespace HomeIQ.Influx.Analyzers;

/// <summary>What every rule's descriptor shares: the help link to the rule's doc page.</summary>
internal static class RuleDescriptors
{
    /// <summary>Where the doc pages live; a rule's page is <c>{HelpBase}{id}.md</c>.</summary>
    public const string HelpBase = "https://github.com/homeiq/HomeIQ.Influx/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpBase + id + ".md";
}
