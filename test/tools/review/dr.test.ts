import { expect } from "chai";
import { Plan } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/runner";
import { criticalPath } from "../../../tools/review/deploy-time";
import { disasterRecovery, RESTORE_RUNBOOK } from "../../../tools/review/dr";
import { renderPlanReport } from "../../../tools/review/report";
import * as fs from "fs";
import * as path from "path";

describe("review: disaster recovery", function () {
    this.timeout(180_000);
    const plans: Record<string, Plan> = {};

    before(async () => {
        const cache = new Map<string, Plan>();
        for (const stack of ["dev", "prod", "shared"]) {
            plans[stack] = await planStack({ stack, cache });
        }
    });

    const row = (stack: string, what: RegExp) => {
        const found = disasterRecovery(plans[stack]).items.filter((i) => what.test(i.what));
        expect(found, `${stack} ${what}`).to.have.length(1);
        return found[0];
    };

    it("lists what dev holds that code cannot rebuild, in order", () => {
        expect(disasterRecovery(plans.dev).items.map((i) => i.type)).to.deep.equal([
            "aws:kms/key:Key",
            "PersistentVolumeClaim (gp3-encrypted)",
            "kubernetes:helm.sh/v3:Release",
            "aws:eks/cluster:Cluster",
            "aws:backup/vault:Vault",
            "aws:cloudwatch/logGroup:LogGroup",
        ]);
        expect(row("dev", /^KMS keys/).resources).to.deep.equal(["dev-cluster-secrets", "dev-ebs", "dev-logs", "dev-sns", "dev-backup"]);
    });

    it("gives the Prometheus volumes the daily backup's RPO: 35 days in dev, 90 days in a locked vault in prod", () => {
        expect(row("dev", /^EBS volumes of Prometheus/).rpo).to.equal("24 h: daily AWS Backup (`cron(0 3 * * ? *)`), kept 35 days");
        expect(row("prod", /^EBS volumes of Prometheus/).rpo).to.equal("24 h: daily AWS Backup (`cron(0 3 * * ? *)`), kept 90 days, vault locked (35 days minimum)");
        expect(row("prod", /^AWS Backup recovery points/)).to.deep.include({ resources: ["prod-backup"], rpo: "the backups themselves; locked, 35 days minimum; no copy to another region" });
    });

    it("says what is rebuilt from code and loses its state: the cluster's etcd and Grafana", () => {
        expect(row("prod", /^the cluster's etcd/)).to.deep.include({ resources: ["platform-prod"], rpo: "none: rebuilt from code; objects outside the program are lost" });
        expect(row("dev", /^Grafana/).rpo).to.equal("none: rebuilt from code; dashboards edited in the UI are lost");
    });

    it("has no Prometheus backup RPO when the volumes are not tagged for the plan's selection", () => {
        const untagged: Plan = {
            ...plans.dev,
            resources: plans.dev.resources.map((r) => (r.type === "kubernetes:storage.k8s.io/v1:StorageClass" ? { ...r, inputs: { ...r.inputs, parameters: { type: "gp3" } } } : r)),
        };
        expect(disasterRecovery(untagged).items.find((i) => i.what.startsWith("EBS volumes"))!.rpo).to.equal("none: metrics are lost with the volumes; rebuilt empty from code");
    });

    it("gives the shared log archive the replica's RPO, and the replica and registry their own", () => {
        expect(row("shared", /^S3 bucket \(eu-west-1\), audit/)).to.deep.include({
            resources: ["log-archive"],
            rpo: "minutes: replicated to `log-archive-replica` in eu-central-1 (S3 replication, no RTC); deletes are not replicated",
        });
        expect(row("shared", /^S3 bucket \(eu-central-1\), audit/).resources).to.deep.equal(["log-archive-replica"]);
        expect(row("shared", /^ECR images/).rpo).to.equal("minutes: replicated to eu-central-1 (ECR replication)");
    });

    it("takes the RTO of a rebuild from the deploy-time critical path", () => {
        for (const stack of ["dev", "prod"]) {
            expect(disasterRecovery(plans[stack]).rtoMinutes).to.equal(criticalPath(plans[stack]).totalMinutes);
        }
    });

    it("renders the section in the dev and prod reports, after the deploy time and before the diagram, linking the restore runbook", () => {
        for (const stack of ["dev", "prod"]) {
            const md = renderPlanReport({ plan: plans[stack] });
            const at = ["### Fresh deploy: ~", "### Disaster recovery: rebuild from code ~", "### Architecture"].map((h) => md.indexOf(h));
            expect(at.every((i) => i >= 0) && at[0] < at[1] && at[1] < at[2], `${stack} ${JSON.stringify(at)}`).to.equal(true);
            expect(md).to.contain(`| EBS volumes of Prometheus (TSDB, 35d retention) and Alertmanager (silences) | \`platform-${stack}-kube-prometheus-stack\` | 24 h: daily AWS Backup`);
            expect(md).to.contain(`Steps: [${RESTORE_RUNBOOK}](https://github.com/example-org/platform/blob/main/${RESTORE_RUNBOOK}).`);
            expect(md).to.contain(`RTO of a rebuild from code: ~${Math.ceil(criticalPath(plans[stack]).totalMinutes)} min`);
        }
        expect(fs.existsSync(path.join(__dirname, "..", "..", "..", RESTORE_RUNBOOK))).to.equal(true);
    });
});
