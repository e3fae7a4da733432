using System.Collections.Generic;
using System.Globalization;
using HomeIQ.Influx.Generators.Model;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// Picks the method-name stem for each member so that no generated method takes a base method's name (a tag member
/// named <c>Tag</c> would otherwise make <c>WhereTagIn("a", "b")</c> mean something else) or another member's (tags
/// <c>Room</c> and <c>RoomMatches</c> would both declare <c>WhereRoomMatches(string)</c>). The first member in
/// declaration order keeps <c>Where{Member}</c>; a later clash becomes <c>Where{Member}Tag</c> /
/// <c>Where{Member}Field</c>, then gets a number.
/// </summary>
internal sealed class QueryMethodNames
{
    /// <summary>
    /// Every public and protected member name declared by <c>HomeIQ.Influx.Querying.MeasurementQueryBase&lt;T, TSelf&gt;</c>.
    /// A test compares this list with the runtime type itself, so it cannot go stale.
    /// </summary>
    public static readonly string[] BaseMembers =
    {
        "WhereTag", "WhereTagIn", "WhereTagMatches", "WhereField", "SelectFields", "Window", "Range", "Since",
        "Last", "Limit", "OrderByTimeDescending", "WithLanguage", "ToInfluxQL", "ToFlux", "ExecuteAsync", "With",
        "Client", "Spec", "ToString", "FromMeasurement", "Aggregate",
    };

    /// <summary>The members every generated <c>{Type}Query</c> declares besides the per-member methods.</summary>
    public static readonly string[] GeneratedMembers =
    {
        "Select", "Window", "Aggregate", "QuerySchemaOf", "TagKey", "FieldKey", "TagText", "Tags", "Fields", "With", "WindowRow",
    };

    public static readonly string[] TagSuffixes = { "", "In", "Matches" };

    public static readonly string[] ComparisonSuffixes = { "Equals", "NotEquals", "GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual" };

    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);

    public QueryMethodNames()
    {
        _taken.UnionWith(BaseMembers);
        _taken.UnionWith(GeneratedMembers);
    }

    public string Claim(MemberSpec member, string kind, string[] suffixes)
    {
        string stem = "Where" + member.MetadataName;
        if (!Free(stem, suffixes)) stem = "Where" + member.MetadataName + kind;
        for (int n = 2; !Free(stem, suffixes); n++) stem = "Where" + member.MetadataName + kind + n.ToString(CultureInfo.InvariantCulture);
        foreach (var suffix in suffixes) _taken.Add(stem + suffix);
        return stem;
    }

    // A stem is free when none of the methods it would declare has a taken name.
    private bool Free(string stem, string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (_taken.Contains(stem + suffix)) return false;
        }
        return true;
    }
}
