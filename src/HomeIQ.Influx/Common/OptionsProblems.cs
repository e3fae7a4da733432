namespace HomeIQ.Influx.Common;

/// <summary>
/// The one convention for invalid settings. Each options class has a <c>Validate()</c> that returns its problems, each a
/// sentence that starts with the setting's name (which is also its configuration key) and gives the value found, e.g.
/// <c>BatchSize must be at least 1, not 0.</c> This class turns problems into the exception: <c>Invalid {what}: {problem}
/// {problem}</c>. The type follows .NET's rule: options handed to a constructor or factory as an argument
/// (<see cref="WriteOptions"/>, <see cref="InfluxResilienceOptions"/>) raise <see cref="ArgumentException"/> naming the
/// parameter; the connection settings (<see cref="InfluxClientOptions.EnsureValid"/>, the client's constructor,
/// <see cref="InfluxClientOptions.FromEnvironment"/>) describe the process's configuration rather than one call's
/// argument and raise <see cref="InvalidOperationException"/>.
/// </summary>
internal static class OptionsProblems
{
    /// <summary>The message for <paramref name="problems"/> of <paramref name="what"/> (e.g. "WriteOptions for the writer of Climate").</summary>
    public static string Message(string what, IEnumerable<string> problems) => $"Invalid {what}: {string.Join(" ", problems)}";

    /// <exception cref="ArgumentException">There is at least one problem.</exception>
    public static void ThrowIfAny(IReadOnlyList<string> problems, string what, string parameterName)
    {
        if (problems.Count > 0) throw new ArgumentException(Message(what, problems), parameterName);
    }

    /// <exception cref="InvalidOperationException">There is at least one problem.</exception>
    public static void ThrowIfAnyInConfiguration(IReadOnlyList<string> problems, string what)
    {
        if (problems.Count > 0) throw new InvalidOperationException(Message(what, problems));
    }
}
