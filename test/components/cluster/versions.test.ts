import { expect } from "chai";
import {
    addonVersion,
    addonVersionProblems,
    AddonVersionOverrides,
    DEFAULT_KUBERNETES_VERSION,
    isSupportedVersion,
    KUBERNETES_RELEASES,
    MANAGED_ADDONS,
    ManagedAddon,
    resolveAddonVersions,
    supportStatus,
    SUPPORTED_VERSIONS,
    validateAddonVersions,
} from "../../../components/cluster/versions";

describe("Kubernetes versions table", () => {
    it("lists the supported minors oldest first, with the newest as the default", () => {
        expect(SUPPORTED_VERSIONS).to.deep.equal(["1.31", "1.32", "1.33", "1.34", "1.35"]);
        expect(DEFAULT_KUBERNETES_VERSION).to.equal(SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]);
    });

    it("pins every managed add-on for every minor in the EKS version shape", () => {
        for (const r of KUBERNETES_RELEASES) {
            expect(Object.keys(r.addons).sort(), r.version).to.deep.equal([...MANAGED_ADDONS].sort());
            for (const v of Object.values(r.addons)) {
                expect(v, `${r.version}`).to.match(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
            }
            expect(r.addons["kube-proxy"].startsWith(`v${r.version}.`), `kube-proxy for ${r.version}`).to.equal(true);
            expect(r.standardSupportEnd < r.extendedSupportEnd, r.version).to.equal(true);
        }
    });

    it("keeps support dates in release order", () => {
        const ends = KUBERNETES_RELEASES.map((r) => r.standardSupportEnd);
        expect(ends).to.deep.equal([...ends].sort());
    });

    const supported: [string, boolean][] = [
        ["1.31", true],
        ["1.35", true],
        ["1.30", false],
        ["1.36", false],
        ["1.34.1", false],
        ["", false],
    ];
    for (const [v, ok] of supported) {
        it(`isSupportedVersion(${JSON.stringify(v)}) is ${ok}`, () => expect(isSupportedVersion(v)).to.equal(ok));
    }

    const pins: [ManagedAddon, string, string][] = [
        ["kube-proxy", "1.34", "v1.34.0-eksbuild.2"],
        ["coredns", "1.31", "v1.11.4-eksbuild.24"],
        ["coredns", "1.35", "v1.13.2-eksbuild.1"],
        ["vpc-cni", "1.35", "v1.21.1-eksbuild.3"],
        ["aws-ebs-csi-driver", "1.33", "v1.53.0-eksbuild.1"],
        ["eks-pod-identity-agent", "1.34", "v1.3.10-eksbuild.2"],
    ];
    for (const [addon, k8s, version] of pins) {
        it(`pins ${addon} ${version} for ${k8s}`, () => expect(addonVersion(addon, k8s)).to.equal(version));
    }

    it("rejects an add-on version for an unsupported minor, naming the supported ones", () => {
        expect(() => addonVersion("coredns", "1.29"))
            .to.throw()
            .with.property("problems")
            .that.deep.equals(['kubernetesVersion: "1.29" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']);
    });

    it("rejects an unknown add-on", () => {
        expect(() => addonVersion("metrics-server" as ManagedAddon, "1.34"))
            .to.throw()
            .with.property("problems")
            .that.deep.equals(['addon: "metrics-server" is not one of "vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent"']);
    });

    const status: [string, string, string][] = [
        ["1.35", "2026-11-27", "standard"],
        ["1.34", "2026-12-02", "standard"],
        ["1.34", "2026-12-03", "extended"],
        ["1.31", "2026-11-27", "end-of-life"],
    ];
    for (const [v, day, expected] of status) {
        it(`supportStatus(${v}) on ${day} is ${expected}`, () => expect(supportStatus(v, new Date(`${day}T12:00:00Z`))).to.equal(expected));
    }
});

describe("validateAddonVersions", () => {
    it("accepts no overrides and the pins of the minor itself", () => {
        expect(() => validateAddonVersions("1.34", {})).not.to.throw();
        expect(() => validateAddonVersions("1.34", { "kube-proxy": "v1.34.0-eksbuild.2", coredns: "v1.12.4-eksbuild.1" })).not.to.throw();
    });

    it("accepts a newer build that no row pins, and a shared pin", () => {
        expect(() => validateAddonVersions("1.34", { "kube-proxy": "v1.34.1-eksbuild.3", "vpc-cni": "v1.20.4-eksbuild.2" })).not.to.throw();
    });

    const cases: [string, string, AddonVersionOverrides, string[]][] = [
        [
            "rejects a kube-proxy pinned for another minor",
            "1.34",
            { "kube-proxy": "v1.33.5-eksbuild.2" },
            ['addonVersions.kube-proxy: "v1.33.5-eksbuild.2" is pinned for Kubernetes 1.33, not 1.34; the pin for 1.34 is "v1.34.0-eksbuild.2"'],
        ],
        [
            "rejects a coredns pinned only for other minors",
            "1.34",
            { coredns: "v1.11.4-eksbuild.24" },
            ['addonVersions.coredns: "v1.11.4-eksbuild.24" is pinned for Kubernetes 1.31, 1.32, not 1.34; the pin for 1.34 is "v1.12.4-eksbuild.1"'],
        ],
        [
            "rejects a kube-proxy built for another minor even when not pinned",
            "1.35",
            { "kube-proxy": "v1.34.9-eksbuild.1" },
            ['addonVersions.kube-proxy: "v1.34.9-eksbuild.1" is built for Kubernetes 1.34, not 1.35; kube-proxy must match the cluster minor (pinned: "v1.35.0-eksbuild.2")'],
        ],
        ["rejects a version without the eksbuild suffix", "1.34", { coredns: "1.12.4" }, ['addonVersions.coredns: "1.12.4" is not an EKS add-on version (vX.Y.Z-eksbuild.N)']],
        [
            "rejects an unknown add-on",
            "1.34",
            { "metrics-server": "v0.8.0-eksbuild.5" } as AddonVersionOverrides,
            ['addonVersions: "metrics-server" is not one of "vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent"'],
        ],
        ["rejects an unsupported minor", "1.28", { coredns: "v1.10.1-eksbuild.38" }, ['kubernetesVersion: "1.28" is not a supported Kubernetes version; supported: 1.31, 1.32, 1.33, 1.34, 1.35']],
    ];
    for (const [title, k8s, overrides, problems] of cases) {
        it(title, () => {
            expect(() => validateAddonVersions(k8s, overrides)).to.throw("invalid add-on versions").with.property("problems").that.deep.equals(problems);
        });
    }

    it("reports every bad override at once", () => {
        expect(addonVersionProblems("1.34", { coredns: "latest", "kube-proxy": "v1.33.5-eksbuild.2" }, "addons")).to.deep.equal([
            'addons.coredns: "latest" is not an EKS add-on version (vX.Y.Z-eksbuild.N)',
            'addons.kube-proxy: "v1.33.5-eksbuild.2" is pinned for Kubernetes 1.33, not 1.34; the pin for 1.34 is "v1.34.0-eksbuild.2"',
        ]);
    });

    it("resolves the pins with overrides on top", () => {
        expect(resolveAddonVersions("1.34", { coredns: "v1.12.4-eksbuild.2", "vpc-cni": undefined })).to.deep.equal({
            "vpc-cni": "v1.20.4-eksbuild.2",
            coredns: "v1.12.4-eksbuild.2",
            "kube-proxy": "v1.34.0-eksbuild.2",
            "aws-ebs-csi-driver": "v1.53.0-eksbuild.1",
            "eks-pod-identity-agent": "v1.3.10-eksbuild.2",
        });
    });
});
