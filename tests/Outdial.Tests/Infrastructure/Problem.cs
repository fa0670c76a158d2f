using System.Net.Http.Json;
using System.Text.Json;

namespace Outdial.Tests.Infrastructure;

/// <summary>An RFC 9457 problem detail as a client reads it.</summary>
public sealed record Problem(int Status, string Title, string? Detail, Dictionary<string, string[]>? Errors)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Problem>(JsonDefaults.Options);
        return problem ?? throw new JsonException("Empty problem body.");
    }
}
