using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000030_Notifications")]
public sealed class Notifications : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000031_CertificationTypesAndExams")]
public sealed class CertificationTypesAndExams : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000032_PlatformCertificationTypes")]
public sealed class PlatformCertificationTypes : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000033_WorkerCertificationLifecycle")]
public sealed class WorkerCertificationLifecycle : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000034_WorkerTiers")]
public sealed class WorkerTiers : SqlScriptMigration;
