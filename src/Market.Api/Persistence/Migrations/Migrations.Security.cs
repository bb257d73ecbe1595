using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000050_TotpUsedSteps")]
public sealed class TotpUsedSteps : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000051_DataProtectionKeys")]
public sealed class DataProtectionKeys : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000052_WebDataProtectionKeys")]
public sealed class WebDataProtectionKeys : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000053_RateLimitCounters")]
public sealed class RateLimitCounters : SqlScriptMigration;
