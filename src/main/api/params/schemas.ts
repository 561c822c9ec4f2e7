import sys,re
s=sys.stdin.read()
if 'controlSchemas' not in s:
    s=s.replace("} from './check';\n","} from './check';\nimport { controlSchemas } from './control-schemas';\n",1)
    s=re.sub(r"(export const PARAMS[^\n]*?)\.\.\.sim \};", r"\1...controlSchemas, ...sim };", s, count=1)
sys.stdout.write(s)
