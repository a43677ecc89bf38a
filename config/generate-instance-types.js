// Regenerates config/ec2-instance-types.json from the EC2 API model's InstanceType enum as
// @aws-sdk/client-ec2 ships it (the `_InstanceType` enum of the EC2 service model, the list
// DescribeInstanceTypes and RunInstances accept). Run after upgrading @aws-sdk/client-ec2:
//   node config/generate-instance-types.js
const fs = require("fs");
const path = require("path");
const ec2 = require("@aws-sdk/client-ec2");
const { version } = require("@aws-sdk/client-ec2/package.json");
const types = [...new Set(Object.values(ec2._InstanceType ?? ec2.InstanceType))].sort();
const out = {
    source: `@aws-sdk/client-ec2 ${version}, enum _InstanceType (the EC2 API model's InstanceType; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html, read 2026-12-03)`,
    regenerate: "node config/generate-instance-types.js",
    instanceTypes: types,
};
fs.writeFileSync(path.join(__dirname, "ec2-instance-types.json"), `${JSON.stringify(out, null, 1)}\n`);
console.log(`${types.length} instance types`);
