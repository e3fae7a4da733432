namespace HomeIQ.Influx;

/// <summary>Maps a property or field to a line-protocol tag. The key defaults to the member's name.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class TagAttribute : Attribute
{
    /// <summary>Uses the member's name as the tag key.</summary>
    public TagAttribute() { }

    /// <summary>Uses <paramref name="name"/> as the tag key (the member's name when <see langword="null"/>).</summary>
    public TagAttribute(string? name) => Name = name;

    /// <summary>The tag key, or <see langword="null"/> to use the member's name.</summary>
    public string? Name { get; }
}
